import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store. `transaction_id` (xid8) lets a reader follow the log in commit order: it reads only
 * below the oldest transaction still running, so an event that commits late is never skipped.
 * No NOTIFY trigger: a NOTIFY inside the append serialises commits (see CommitNotifier, which sends it
 * after the commit instead).
 */
export class CreateEventStore1732300000000 implements MigrationInterface {
  name = 'CreateEventStore1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        global_position bigserial   NOT NULL,
        transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
        stream_id       text        NOT NULL,
        stream_type     text        NOT NULL,
        version         integer     NOT NULL CHECK (version > 0),
        type            text        NOT NULL,
        schema_version  smallint    NOT NULL DEFAULT 1,
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        event_id        uuid        NOT NULL,
        occurred_at     timestamptz NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_version PRIMARY KEY (stream_id, version)
      )`);
    await q.query(`CREATE UNIQUE INDEX events_global_position ON events (global_position)`);
    await q.query(`CREATE UNIQUE INDEX events_commit_order ON events (transaction_id, global_position)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE events`);
  }
}
