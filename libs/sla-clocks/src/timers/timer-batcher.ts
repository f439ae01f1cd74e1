import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { CASE_STREAM_TYPE, CaseCommandMeta, CasePolicy, decide, foldCase, TimerCommand, toCaseEvents } from '@zhuqi/cases';
import { EventStore, StreamAppend, StreamVersionConflict } from '@zhuqi/event-store';

export interface TimerBatcherOptions {
  /** Flush at once when this many timers wait. */
  maxBatch: number;
  /** Otherwise flush this long after the first one arrived (0 = on the next turn of the event loop). */
  windowMs: number;
  /** Batches being written at once; more wait (their jobs keep their BullMQ slots meanwhile). */
  maxInFlight: number;
}

// A 5 ms window: at 1,667 timers/s batches of ~7 instead of ~4 with 2 ms, ~17 % less worker CPU per breach
// (bench/results/timers.md, 2026-11-26). 16 in flight: most of a batch's life (~45 ms of ~50) is waiting for
// its due time (TIMER_LEAD_MS), which holds no database connection; the pool bounds the queries.
export const DEFAULT_BATCHER_OPTIONS: TimerBatcherOptions = { maxBatch: 100, windowMs: 5, maxInFlight: 16 };

/** Resolves once the wall clock has reached `at` (ms since the epoch); at once when it has. */
async function untilPast(at: number): Promise<void> {
  for (let wait = at - Date.now(); wait > 0; wait = at - Date.now()) await sleep(wait);
}

interface Pending {
  caseId: string;
  command: TimerCommand;
  /** `command.dueAt` in ms, parsed once: batches are cut and waited for by it. */
  dueMs: number;
  meta: CaseCommandMeta;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Fires many timers in a few statements. Each BullMQ job hands its (case, timer command) here and waits;
 * a batch (timers due within `windowMs` of each other) reads all its cases in one query, waits until
 * each of its timers is due, decides each with the same pure `decide()` as the command
 * path (a case that moved on → no event), appends all breaches in one statement (each case guarded by
 * the version it was decided on), then settles each job. A case another writer moved on meanwhile goes
 * the ordinary way (`CaseCommandRunner` through the CommandBus: re-read, decide again, retry), as does a
 * second timer of a case already in the batch.
 *
 * Why: one read + one append per timer (~1,300/s on two cores) could not keep up with 1,667 breaches/s;
 * per batch the round trips, statements and commits are shared (bench/timers.bench.ts).
 */
export class TimerBatcher {
  private readonly logger = new Logger('sla-clocks');
  private waiting: Pending[] = [];
  private inFlight = 0;
  private timer?: NodeJS.Timeout | NodeJS.Immediate;
  /** Batches written and timers decided (for the benchmark and tests). */
  readonly stats = { batches: 0, timers: 0, conflicts: 0, readMs: 0, waitMs: 0, appendMs: 0 };

  constructor(
    private readonly eventStore: EventStore,
    private readonly policy: CasePolicy,
    /** The ordinary command path, for a conflict or a second timer of one case. */
    private readonly runOne: (caseId: string, command: TimerCommand, meta: CaseCommandMeta) => Promise<unknown>,
    private readonly options: TimerBatcherOptions = DEFAULT_BATCHER_OPTIONS,
  ) {}

  /** Settles when the timer's outcome is committed (or found to be nothing); rejects to let BullMQ retry. */
  fire(caseId: string, command: TimerCommand, meta: CaseCommandMeta): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ caseId, command, dueMs: Date.parse(command.dueAt), meta, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.waiting.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    if (this.waiting.length >= this.options.maxBatch) {
      this.flush();
      return;
    }
    if (this.timer) return;
    const flush = () => {
      this.timer = undefined;
      this.flush();
    };
    this.timer = this.options.windowMs > 0 ? setTimeout(flush, this.options.windowMs) : setImmediate(flush);
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    while (this.waiting.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.nextBatch();
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        // Whatever came meanwhile has waited a whole batch already: no further window.
        if (this.waiting.length > 0) this.flush();
      });
    }
  }

  /**
   * The waiting timers due soonest (up to maxBatch) whose due times lie within windowMs of each other,
   * counting a timer already due as due now. A batch decides when its last timer is due, so a timer whose
   * job came late is not held back for others that came early for a later time.
   */
  private nextBatch(): Pending[] {
    const now = Date.now();
    const key = (p: Pending) => Math.max(now, p.dueMs);
    this.waiting.sort((a, b) => key(a) - key(b));
    const until = key(this.waiting[0]) + this.options.windowMs;
    let n = 1;
    while (n < this.waiting.length && n < this.options.maxBatch && key(this.waiting[n]) <= until) n += 1;
    return this.waiting.splice(0, n);
  }

  private async run(batch: Pending[]): Promise<void> {
    // One timer per case in the statement; a second one of the same case goes the ordinary way once the
    // batch is written (not alongside it, where it would only make the batch conflict with itself).
    const first = new Map<string, Pending>();
    const others: Pending[] = [];
    for (const p of batch) {
      if (first.has(p.caseId)) others.push(p);
      else first.set(p.caseId, p);
    }
    const mine = [...first.values()];
    try {
      await this.decideAndAppend(mine);
    } finally {
      for (const p of others) this.one(p);
    }
  }

  private async decideAndAppend(mine: Pending[]): Promise<void> {
    try {
      const t0 = performance.now();
      const streams = await this.eventStore.readStreams(mine.map((p) => p.caseId));
      const t1 = performance.now();
      // Jobs come due a little before their clocks (TIMER_LEAD_MS) so that the read above is done by then:
      // decide once every timer of the batch is due, never before (decide() would find it not due and drop
      // it). A writer that moved a case on since the read makes its append conflict: it is decided again.
      await untilPast(Math.max(...mine.map((p) => p.dueMs)));
      this.stats.waitMs += performance.now() - t1;
      // Categories come from the reference-data cache: no query per batch.
      const ctx = await this.policy.decisionContext();
      const appends: StreamAppend[] = [];
      const appending: Pending[] = [];
      for (const p of mine) {
        const state = foldCase(toCaseEvents(streams.get(p.caseId)!));
        let events;
        try {
          events = decide(p.caseId, state, p.command, ctx);
        } catch (error) {
          p.reject(error); // timer decisions do not throw; if one ever does, only its job fails
          continue;
        }
        if (events.length === 0) {
          p.resolve(); // the case moved on, or the breach is recorded already
          continue;
        }
        appends.push({
          streamId: p.caseId,
          streamType: CASE_STREAM_TYPE,
          expectedVersion: state.status === 'none' ? 0 : state.version,
          events: events.map((e) => ({ type: e.type, data: e.data, occurredAt: ctx.now })),
          context: { actor: p.meta.actor, correlationId: p.meta.correlationId, causationId: p.meta.causationId },
        });
        appending.push(p);
      }
      const t2 = performance.now();
      const results = await this.eventStore.appendToStreams(appends);
      this.stats.readMs += t1 - t0;
      this.stats.appendMs += performance.now() - t2;
      this.stats.batches += 1;
      this.stats.timers += mine.length;
      results.forEach((result, i) => {
        if (result instanceof StreamVersionConflict) {
          this.stats.conflicts += 1;
          this.one(appending[i]);
        } else appending[i].resolve();
      });
    } catch (error) {
      this.logger.warn(`timer batch of ${mine.length} failed (${(error as Error).message}); BullMQ retries them`);
      for (const p of mine) p.reject(error);
    }
  }

  /** The ordinary path, once the timer is due (a second timer of a case may be due after its batch's). */
  private one(p: Pending): void {
    untilPast(p.dueMs)
      .then(() => this.runOne(p.caseId, p.command, p.meta))
      .then(() => p.resolve(), p.reject);
  }
}
