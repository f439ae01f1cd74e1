import { Inject, Injectable } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import type { RequestOrigin } from './account.types';

export type AuditAction =
  | 'login'
  | 'refresh'
  | 'logout'
  | 'account.create'
  | 'account.disable'
  | 'account.enable'
  | 'account.password'
  | 'calendar.set'
  | 'calendar.delete';

export interface AuditEntry {
  action: AuditAction;
  /** `ok`, or why it failed (`bad_credentials`, `locked`, `disabled`, `reused`, …). */
  outcome: string;
  /** The acting account's username (null before login). */
  actor: string | null;
  /** What the action is about: the username tried or changed, a day of the calendar. */
  subject: string | null;
  origin: RequestOrigin;
  /** Anything else worth knowing; never a password or a token. */
  detail?: Record<string, unknown>;
}

/** `security_audit`: logins (who, when, from where), refreshes, logouts and every admin change. */
@Injectable()
export class SecurityAudit {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  async record(entry: AuditEntry, client: Pool | PoolClient = this.pool): Promise<void> {
    await client.query(
      `INSERT INTO security_audit (action, outcome, actor, subject, address, user_agent, correlation_id, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        entry.action,
        entry.outcome,
        entry.actor,
        entry.subject,
        entry.origin.address,
        entry.origin.userAgent?.slice(0, 300) ?? null,
        entry.origin.correlationId,
        JSON.stringify(entry.detail ?? {}),
      ],
    );
  }
}
