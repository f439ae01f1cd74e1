import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference tables: departments, categories (with their SLA), routing rules, grids, enterprises, staff.
 * Enterprise names are searched by fragment (Chinese included), hence the pg_trgm GIN indexes; pg_trgm is
 * a trusted extension, so a database owner without superuser can create it.
 */
export class CreateReferenceData1732300100000 implements MigrationInterface {
  name = 'CreateReferenceData1732300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE departments (
        code        text    PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
        name        text    NOT NULL UNIQUE,
        description text    NOT NULL DEFAULT '',
        active      boolean NOT NULL DEFAULT true
      )`);
    await q.query(`
      CREATE TABLE categories (
        code                      text     PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
        name                      text     NOT NULL UNIQUE,
        default_department_code   text     NOT NULL REFERENCES departments (code),
        response_minutes          integer  NOT NULL DEFAULT 3 CHECK (response_minutes > 0),
        resolution_days_normal    smallint NOT NULL CHECK (resolution_days_normal > 0),
        resolution_days_urgent    smallint NOT NULL CHECK (resolution_days_urgent > 0),
        resolution_days_emergency smallint NOT NULL CHECK (resolution_days_emergency > 0),
        sort_order                integer  NOT NULL DEFAULT 0,
        CONSTRAINT categories_limits_by_urgency
          CHECK (resolution_days_emergency <= resolution_days_urgent AND resolution_days_urgent <= resolution_days_normal)
      )`);
    await q.query(`
      CREATE TABLE routing_rules (
        category_code   text NOT NULL PRIMARY KEY REFERENCES categories (code) ON DELETE CASCADE,
        department_code text NOT NULL REFERENCES departments (code)
      )`);
    await q.query(`
      CREATE TABLE grids (
        code  text PRIMARY KEY CHECK (code ~ '^g[0-9]{2,}$'),
        name  text NOT NULL UNIQUE,
        block text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE enterprises (
        id                uuid    PRIMARY KEY,
        name              text    NOT NULL,
        uscc              text    NOT NULL CHECK (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
        grid_code         text    NOT NULL REFERENCES grids (code),
        address           text    NOT NULL,
        industry          text    NOT NULL,
        contact_name      text    NOT NULL,
        contact_phone     text    NOT NULL,
        multi_tenant_plot boolean NOT NULL DEFAULT false,
        CONSTRAINT enterprises_name_key UNIQUE (name),
        CONSTRAINT enterprises_uscc_key UNIQUE (uscc)
      )`);
    await q.query(`CREATE INDEX enterprises_grid ON enterprises (grid_code, name)`);
    await q.query(`CREATE INDEX enterprises_name_trgm ON enterprises USING gin (name gin_trgm_ops)`);
    await q.query(`CREATE INDEX enterprises_uscc_trgm ON enterprises USING gin (uscc gin_trgm_ops)`);
    await q.query(`
      CREATE TABLE staff (
        id              uuid    PRIMARY KEY,
        username        text    NOT NULL UNIQUE,
        name            text    NOT NULL,
        role            text    NOT NULL
          CHECK (role IN ('grid_worker', 'dispatcher', 'handler', 'supervisor', 'manager', 'admin')),
        department_code text    REFERENCES departments (code),
        grid_codes      text[]  NOT NULL DEFAULT '{}',
        phone           text    NOT NULL,
        active          boolean NOT NULL DEFAULT true,
        CONSTRAINT staff_handler_has_department CHECK (role <> 'handler' OR department_code IS NOT NULL)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    // pg_trgm stays: other schemas may use it
    await q.query(`DROP TABLE staff, enterprises, grids, routing_rules, categories, departments`);
  }
}
