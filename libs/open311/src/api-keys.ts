import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';

export const API_KEY_KINDS = ['partner', 'enterprise'] as const;
/** partner: a partner system that names the enterprise of each request; enterprise: bound to one enterprise. */
export type ApiKeyKind = (typeof API_KEY_KINDS)[number];

/** Holder names become actors `open311:<name>` in event metadata, so they keep to the actor alphabet. */
export const API_KEY_NAME = /^[a-z0-9][a-z0-9._-]{1,55}$/;

/** What is kept of an issued key; the key itself is never stored. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  kind: ApiKeyKind;
  enterpriseId: string | null;
  /** The first characters of the key, so an admin can tell keys apart. */
  keyPrefix: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

/**
 * Keys are 256 random bits, so one SHA-256 is enough to store them (a slow password hash such as argon2
 * protects guessable secrets; these are not guessable) and lets a request find its key by index.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function newApiKey(): string {
  return `zq311_${randomBytes(32).toString('base64url')}`;
}

const COLUMNS = `id, name, kind, enterprise_id AS "enterpriseId", key_prefix AS "keyPrefix", created_at AS "createdAt",
  created_by AS "createdBy", revoked_at AS "revokedAt", revoked_by AS "revokedBy"`;

interface Row extends Omit<ApiKeyRecord, 'createdAt' | 'revokedAt'> {
  createdAt: Date;
  revokedAt: Date | null;
}

const toRecord = (row: Row): ApiKeyRecord => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

/** The api keys of the Open311 interface: issue (the key is shown once), list, revoke, authenticate. */
export class ApiKeyStore {
  constructor(private readonly pool: Pool) {}

  /** Issues a key; answers the record and the key, which is not kept and cannot be shown again. */
  async issue(input: { name: string; kind: ApiKeyKind; enterpriseId: string | null; createdBy: string }): Promise<{ record: ApiKeyRecord; key: string }> {
    const key = newApiKey();
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO open311_api_keys (id, name, kind, enterprise_id, key_hash, key_prefix, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (name) DO NOTHING RETURNING ${COLUMNS}`,
      [randomUUID(), input.name, input.kind, input.enterpriseId, hashApiKey(key), key.slice(0, 10), input.createdBy],
    );
    if (rows.length === 0) throw new ApiKeyNameTaken(input.name);
    return { record: toRecord(rows[0]), key };
  }

  async list(): Promise<ApiKeyRecord[]> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM open311_api_keys ORDER BY created_at, name`);
    return rows.map(toRecord);
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM open311_api_keys WHERE id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  /** Revokes at once and for good; revoking twice keeps the first time. `undefined` for an unknown id. */
  async revoke(id: string, by: string): Promise<ApiKeyRecord | undefined> {
    await this.pool.query(`UPDATE open311_api_keys SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL`, [id, by]);
    return this.get(id);
  }

  /** The active key this secret belongs to; `undefined` for an unknown or revoked one. */
  async authenticate(key: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM open311_api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, [hashApiKey(key)]);
    return rows[0] && toRecord(rows[0]);
  }

  /**
   * The demo partner key (`demo-partner`) with the given secret: created once, its secret following the
   * setting while it is not revoked; a revoked demo key stays revoked.
   */
  async seedDemoKey(key: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO open311_api_keys (id, name, kind, enterprise_id, key_hash, key_prefix, created_by)
       VALUES ($1, 'demo-partner', 'partner', NULL, $2, $3, 'system:demo-seed')
       ON CONFLICT (name) DO UPDATE SET key_hash = EXCLUDED.key_hash, key_prefix = EXCLUDED.key_prefix
         WHERE open311_api_keys.revoked_at IS NULL AND open311_api_keys.key_hash <> EXCLUDED.key_hash`,
      [randomUUID(), hashApiKey(key), key.slice(0, 10)],
    );
  }
}

export class ApiKeyNameTaken extends Error {
  constructor(readonly keyName: string) {
    super(`An api key named "${keyName}" exists already (revoked keys keep their names)`);
  }
}
