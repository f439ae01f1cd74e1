import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { CaseScope, caseInScope } from '../case-list/case-scope';
import { compareLogPoints, LogPoint } from '../projections/projection-batch';
import { READ_MODELS } from '../projections/read-model-names';

/**
 * One change of a case, as a browser is told of it (the live overdue board, a handler's list): which event
 * happened, and how the case stands in the case list now. A stable JSON shape; `position` is the event's
 * global position (the SSE id, and what a read names with `?position=` to see at least this change).
 */
export interface CaseChange {
  position: number;
  caseId: string;
  caseNo: string;
  /** The event type (`CaseDispatched`, `ResponseOverdue`, …). */
  event: string;
  /** When it was recorded (ISO 8601). */
  at: string;
  status: string;
  gridCode: string;
  departmentCode: string | null;
  assistingDepartmentCodes: string[];
  /** A running deadline has passed (as in the case list's `overdue`). */
  overdue: boolean;
  supervisionLevel: number | null;
  /** The department the event itself names, when it differs from the case's (a return, a re-dispatch). */
  eventDepartmentCode: string | null;
}

/** What a subscriber gets first: the changes after the id it resumed from, or `reset` (refetch, then follow). */
export type Resume = { replay: CaseChange[] } | { reset: true };

type Listener = (changes: CaseChange[]) => void;

const RECENT = 5_000;
const BATCH = 1_000;
/** How long the feed goes on after its last listener left, so that a browser reconnecting resumes. */
const LINGER_MS = 60_000;

/**
 * Follows the case list's projection checkpoint, not the raw log: a change is announced only once the
 * read models show it, so a browser that refetches on a message sees what it was told of. One feed per
 * API process, polling only while someone listens (and a minute after); the last few thousand changes are
 * kept so a browser that reconnects (SSE `Last-Event-ID`) misses nothing; one that was away longer, or
 * whose reconnect reached another API process, is told to refetch.
 */
export class CaseChangeFeed {
  private readonly logger = new Logger('live');
  private readonly listeners = new Set<Listener>();
  private readonly recent: CaseChange[] = [];
  private last: LogPoint | undefined;
  /** The checkpoint position the feed started at: a subscriber current to it resumes with every change since. */
  private startPosition = 0;
  private timer: NodeJS.Timeout | undefined;
  private linger: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private starting: Promise<void> | undefined;
  /** Bumped at every start and stop, so a poll of an earlier run does not schedule another. */
  private generation = 0;

  constructor(
    private readonly pool: Pool,
    private readonly pollIntervalMs = 200,
  ) {}

  /** Starts listening (and the feed, if idle); answers what to replay for `lastEventId` (a position from an earlier message). */
  async subscribe(listener: Listener, lastEventId?: number): Promise<{ resume: Resume; at: number; unsubscribe: () => void }> {
    clearTimeout(this.linger);
    if (!this.last) {
      this.starting ??= this.begin().finally(() => (this.starting = undefined));
      await this.starting;
    }
    this.listeners.add(listener);
    const unsubscribe = () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
      this.linger = setTimeout(() => this.end(), LINGER_MS);
      this.linger.unref();
    };
    // Where the subscriber stands once it has the replay: the id of its first message (a browser that
    // reconnects before any change resumes from there).
    const at = this.recent.at(-1)?.position ?? this.startPosition;
    if (lastEventId === undefined) return { resume: { replay: [] }, at, unsubscribe };
    const from = lastEventId === this.startPosition ? -1 : this.recent.findIndex((c) => c.position === lastEventId);
    // A position the feed still holds: what came after it. Else the browser was away too long (or talked to
    // another process): it refetches what it shows.
    const known = from >= 0 || lastEventId === this.startPosition;
    return { resume: known ? { replay: this.recent.slice(from + 1) } : { reset: true }, at, unsubscribe };
  }

  get listening(): number {
    return this.listeners.size;
  }

  /** Stops polling (at shutdown). */
  async close(): Promise<void> {
    this.listeners.clear();
    this.end();
    await this.polling;
  }

  private async begin(): Promise<void> {
    const last = await this.checkpoint();
    this.generation += 1;
    this.last = last;
    this.startPosition = last.position;
    this.recent.length = 0;
    this.schedule(this.generation);
  }

  private end(): void {
    this.generation += 1;
    clearTimeout(this.linger);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.last = undefined;
  }

  private schedule(generation: number): void {
    this.timer = setTimeout(() => {
      this.polling = this.poll(generation)
        .catch((error: Error) => this.logger.warn(`live feed: ${error.message}`))
        .finally(() => {
          if (generation === this.generation) this.schedule(generation);
        });
    }, this.pollIntervalMs);
    this.timer.unref();
  }

  private async poll(generation: number): Promise<void> {
    const upTo = await this.checkpoint();
    while (generation === this.generation && this.last && compareLogPoints(this.last, upTo) < 0) {
      const changes = await this.read(this.last, upTo);
      if (generation !== this.generation) return;
      // A short batch reached the checkpoint (what lies between is not a case's: a visit).
      this.last = changes.length < BATCH ? upTo : changes.at(-1)!.point;
      if (changes.length === 0) break;
      const out = changes.map((c) => c.change);
      this.recent.push(...out);
      if (this.recent.length > RECENT) this.recent.splice(0, this.recent.length - RECENT);
      for (const listener of this.listeners) listener(out);
    }
  }

  private async checkpoint(): Promise<LogPoint> {
    const { rows } = await this.pool.query<{ position: string; transaction_id: string }>(
      `SELECT position, transaction_id::text FROM subscription_checkpoints WHERE name = $1`,
      [READ_MODELS.caseList],
    );
    return rows[0] ? { position: Number(rows[0].position), transactionId: rows[0].transaction_id } : { position: 0, transactionId: '0' };
  }

  /** Case events after `after` up to the checkpoint (commit order), with their case as the list shows it now. */
  private async read(after: LogPoint, upTo: LogPoint): Promise<{ point: LogPoint; change: CaseChange }[]> {
    const { rows } = await this.pool.query<{
      transaction_id: string;
      global_position: string;
      stream_id: string;
      type: string;
      recorded_at: Date;
      event_department_code: string | null;
      case_no: string;
      status: string;
      grid_code: string;
      department_code: string | null;
      assisting_department_codes: string[];
      overdue: boolean;
      supervision_level: number | null;
    }>(
      `SELECT e.transaction_id::text, e.global_position, e.stream_id, e.type, e.recorded_at,
              e.data->>'departmentCode' AS event_department_code,
              l.case_no, l.status, l.grid_code, l.department_code, l.assisting_department_codes,
              coalesce(l.open_due_at < now(), false) AS overdue, l.supervision_level
       FROM events e JOIN read_case_list l ON l.id = CASE WHEN e.stream_type = 'case' THEN e.stream_id::uuid END -- other streams' ids need not be uuids
       WHERE e.stream_type = 'case'
         AND (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
         AND (e.transaction_id, e.global_position) <= ($3::xid8, $4::bigint)
       ORDER BY e.transaction_id, e.global_position -- the columns, not the ::text output (text sorts 10 before 9)
       LIMIT $5`,
      [after.transactionId, after.position, upTo.transactionId, upTo.position, BATCH],
    );
    return rows.map((r) => ({
      point: { transactionId: r.transaction_id, position: Number(r.global_position) },
      change: {
        position: Number(r.global_position),
        caseId: r.stream_id,
        caseNo: r.case_no,
        event: r.type,
        at: r.recorded_at.toISOString(),
        status: r.status,
        gridCode: r.grid_code,
        departmentCode: r.department_code,
        assistingDepartmentCodes: r.assisting_department_codes,
        overdue: r.overdue,
        supervisionLevel: r.supervision_level,
        eventDepartmentCode: r.event_department_code,
      },
    }));
  }
}

/**
 * Whether a reader with `scope` is told of a change: the case is within reach now, or the event names the
 * reader's department (a handler hears that a case left them — returned, re-dispatched).
 */
export function changeInScope(scope: CaseScope | undefined, change: CaseChange): boolean {
  if (caseInScope(scope, change)) return true;
  return scope?.gridCodes === undefined && scope?.departmentCode !== undefined && change.eventDepartmentCode === scope.departmentCode;
}
