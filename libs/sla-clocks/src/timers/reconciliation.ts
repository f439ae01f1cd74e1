import { Pool } from 'pg';
import { CaseClockReader } from './case-clock-reader';
import { TimerQueue } from './timer-queue';

const PAGE = 1000;

/**
 * Rebuilds every due timer of the open cases from the event store into BullMQ (after Redis lost its
 * data, or a timer was dropped): re-adding an existing job id is a no-op, a missing one is added, and a
 * clock already past due fires at once — the timer decision records each breach once.
 */
export class Reconciliation {
  constructor(
    private readonly pool: Pool,
    private readonly reader: CaseClockReader,
    private readonly queue: TimerQueue,
    /** Only these cases (tests share the database with other runs); all open cases when absent. */
    private readonly onlyCases?: () => string[],
  ) {}

  /** Returns the number of clocks (re)scheduled. */
  async run(): Promise<number> {
    let scheduled = 0;
    let after = '';
    for (;;) {
      const ids = await this.openCases(after);
      if (ids.length === 0) return scheduled;
      const clocks = await this.reader.clocksOf(ids);
      await this.queue.schedule(clocks);
      scheduled += clocks.length;
      after = ids[ids.length - 1];
    }
  }

  /** Open cases: streams with no final event (销号, 不予受理, 撤回, 合并). */
  private async openCases(after: string): Promise<string[]> {
    const only = this.onlyCases?.();
    const { rows } = await this.pool.query<{ stream_id: string }>(
      `SELECT stream_id FROM events
       WHERE stream_type = 'case' AND stream_id > $1 AND ($3::text[] IS NULL OR stream_id = ANY($3))
       GROUP BY stream_id
       HAVING NOT bool_or(type IN ('CaseClosed', 'CaseRejected', 'CaseWithdrawn', 'CaseMerged'))
       ORDER BY stream_id LIMIT $2`,
      [after, PAGE, only ?? null],
    );
    return rows.map((r) => r.stream_id);
  }
}
