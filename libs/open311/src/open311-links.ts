import { Pool } from 'pg';

/** A case posted through Open311: which key posted it, for whom, and its token (the case number). */
export interface Open311Link {
  caseId: string;
  caseNo: string;
  apiKeyId: string;
  enterpriseId: string;
  deviceId: string | null;
  accountId: string | null;
  submittedAt: Date;
}

/**
 * The link from a case to the Open311 key that posted it. Written after the case's events: a resubmission
 * (same device_id and content) finds the case again and writes the link then, so a crash in between leaves
 * at worst a case its partner cannot read until it resubmits.
 */
export class Open311Links {
  constructor(private readonly pool: Pool) {}

  async record(link: Open311Link): Promise<void> {
    await this.pool.query(
      `INSERT INTO open311_requests (case_id, case_no, api_key_id, enterprise_id, device_id, account_id, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id) DO NOTHING`,
      [link.caseId, link.caseNo, link.apiKeyId, link.enterpriseId, link.deviceId, link.accountId, link.submittedAt],
    );
  }

  async byCase(caseId: string): Promise<{ apiKeyId: string; caseNo: string; accountId: string | null } | undefined> {
    const { rows } = await this.pool.query(`SELECT api_key_id AS "apiKeyId", case_no AS "caseNo", account_id AS "accountId" FROM open311_requests WHERE case_id = $1`, [caseId]);
    return rows[0];
  }

  /** The case a token (case number) names, when it was posted through Open311. */
  async caseIdOfToken(token: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ case_id: string }>(`SELECT case_id FROM open311_requests WHERE case_no = $1`, [token]);
    return rows[0]?.case_id;
  }
}
