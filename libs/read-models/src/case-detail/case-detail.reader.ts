import { setTimeout as sleep } from 'node:timers/promises';
import { CaseNotFound, CasePolicy, CaseView, caseViewOf } from '@zhuqi/cases';
import { EventStore } from '@zhuqi/event-store';
import { Pool } from 'pg';
import { ProjectionsRunner } from '../projections/projections-runner';
import { READ_MODELS } from '../projections/read-model-names';

/** How long a read waits for the projection to reach what the caller has seen (then answers anyway). */
export const READ_YOUR_WRITES_TIMEOUT_MS = 2000;

export interface CaseDetailAnswer {
  view: CaseView;
  /** The detail projection's checkpoint when answered. */
  readModelPosition: number;
  /** The projection had not reached what was asked within the bound; `view` was folded from the stream. */
  behind: boolean;
}

/**
 * GET /api/cases/:id from `read_case_detail`. Waits (bounded) until the row covers the case's own latest
 * event and, with `minPosition` (a command's `position`), until the projection passed that position; so a
 * user sees what they just did. Past the bound it answers from the stream itself and says it is behind.
 */
export class CaseDetailReader {
  constructor(
    private readonly pool: Pool,
    private readonly runner: ProjectionsRunner,
    private readonly eventStore: EventStore,
    private readonly policy: CasePolicy,
    private readonly timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS,
  ) {}

  async get(caseId: string, minPosition?: number): Promise<CaseDetailAnswer> {
    const name = READ_MODELS.caseDetail;
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const { rows } = await this.pool.query<{ view: CaseView | null; version: number | null; stream_version: number | null; checkpoint: string | null }>(
        `SELECT d.view, d.version,
                (SELECT max(version) FROM events WHERE stream_id = $1::text AND stream_type = 'case') AS stream_version,
                (SELECT position FROM subscription_checkpoints WHERE name = $2) AS checkpoint
         FROM (SELECT 1) one LEFT JOIN read_case_detail d ON d.id = $1::text::uuid`,
        [caseId, name],
      );
      const row = rows[0];
      if (row.stream_version === null) throw new CaseNotFound(caseId);
      const checkpoint = Number(row.checkpoint ?? 0);
      const upToDate = row.view !== null && (row.version ?? 0) >= row.stream_version;
      const reached = minPosition === undefined || (await this.runner.progress([name], minPosition)).reached;
      if (upToDate && reached) return { view: row.view!, readModelPosition: checkpoint, behind: false };
      if (Date.now() >= deadline) {
        const view = caseViewOf(await this.eventStore.readStream(caseId), this.policy.deadlines);
        if (!view) throw new CaseNotFound(caseId);
        return { view, readModelPosition: checkpoint, behind: true };
      }
      await sleep(10);
    }
  }
}
