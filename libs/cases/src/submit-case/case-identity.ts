import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { shanghaiDate } from '@zhuqi/sla';

/** Namespace for ids derived from Idempotency-Key headers (a fixed random UUID). */
const IDEMPOTENCY_NAMESPACE = Buffer.from('6f1c2a1e4b7d4f0e9a3c5b2d8e7f6a10', 'hex');

/**
 * A name-based (RFC 4122 version 5) UUID: the same Idempotency-Key always names the same case stream,
 * so a resubmission appends at version 0 and loses the race instead of creating a second case.
 */
export function caseIdForIdempotencyKey(key: string): string {
  const hash = createHash('sha1').update(IDEMPOTENCY_NAMESPACE).update(key, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

@Injectable()
export class CaseIdentity {
  constructor(private readonly pool: Pool) {}

  newCaseId(idempotencyKey?: string): string {
    return idempotencyKey ? caseIdForIdempotencyKey(idempotencyKey) : randomUUID();
  }

  /** 案件编号 such as ZQ2026-000123 (the year of the intake, Asia/Shanghai). */
  async nextCaseNo(at: Date): Promise<string> {
    const { rows } = await this.pool.query<{ n: string }>(`SELECT nextval('case_no_seq') AS n`);
    return `ZQ${shanghaiDate(at).slice(0, 4)}-${rows[0].n.padStart(6, '0')}`;
  }
}
