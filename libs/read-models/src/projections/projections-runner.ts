import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { EVENTS_CHANNEL, subscriberLockKey, UpcasterRegistry } from '@zhuqi/event-store';
import { Client, Pool, PoolClient } from 'pg';
import { applyStreams, BatchTimings, compareLogPoints, LogPoint, readLogWithStreams, stepTimer } from './projection-batch';
import { LIVE_TABLES, StreamProjection } from './stream-projection';

export interface ProjectionsRunnerOptions {
  /** Opens the LISTEN connection (woken at once after appends); without it, polling only. */
  connectionString?: string;
  /** Fallback polling when no NOTIFY arrives (a lost notification, a listener reconnecting). */
  pollIntervalMs?: number;
  /** Events read from the log per batch. */
  batchSize?: number;
}

/** Where a read model has got to, and whether that covers a position the caller named. */
export interface ReadModelProgress {
  reached: boolean;
  /** The lowest checkpoint among the projections asked about. */
  checkpoint: number;
}

interface Group {
  point: LogPoint;
  projections: StreamProjection[];
}

/**
 * Follows the event log into every projection, all of them in one loop: each batch reads the log once
 * (positions and streams only), refolds each touched stream once per folder, writes every projection's
 * rows and moves every checkpoint, in one transaction. Each projection keeps its own checkpoint and
 * advisory lock (so a rebuild can hold one, and among many API and worker processes one applies each):
 * projections whose checkpoints differ (one rebuilt, one new) advance as separate groups in the same
 * transaction, the one behind bounded by the next one's checkpoint so that they meet and merge.
 *
 * Why this shape (bench:reads' projection lag): a projection transaction that has written holds a
 * transaction id, and every reader of the log stops below the oldest running one. With one transaction
 * per projection, each batch made the others wait for it; here the log is read before this transaction
 * writes anything, and there is one transaction, not one per projection.
 */
export class ProjectionsRunner {
  private readonly logger = new Logger('projections');
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly lockKeys: string[];
  private listener: Client | undefined;
  private running = false;
  /** When set, each batch adds its milliseconds per step here (bench:reads' BENCH_TRACE). */
  timings: BatchTimings | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly upcasters: UpcasterRegistry,
    readonly projections: readonly StreamProjection[],
    private readonly options: ProjectionsRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.lockKeys = projections.map((p) => subscriberLockKey(p.name));
  }

  /** A projection by checkpoint name or CLI name (`case-list`). */
  projection(name: string): StreamProjection | undefined {
    return this.projections.find((p) => p.name === name || p.name === `read-models.${name}`);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.ensureCheckpoints();
    if (this.options.connectionString) await this.listen(this.options.connectionString);
    this.loop = this.follow();
    this.logger.log(`following the event log: ${this.projections.map((p) => p.name).join(', ')}`);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop?.catch(() => undefined);
    this.loop = undefined;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /**
   * Applies everything committed before the call to every projection (tests, CLI, imports), and returns only
   * then. The end is the last event committed before the call (every committed row, not only those below
   * the oldest running transaction: a transaction open anywhere on the server holds the readable log back,
   * and the events behind it are still the caller's). It waits until that is readable and for a projection
   * another process is busy with; past `timeoutMs` it throws rather than return behind.
   */
  async catchUp(timeoutMs = 120_000): Promise<void> {
    await this.ensureCheckpoints();
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT global_position AS position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const end = rows[0] ? Number(rows[0].position) : 0;
    if (end === 0) return;
    const names = this.projections.map((p) => p.name);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (;;) {
        const batch = await this.processBatch();
        if (!batch.more) break;
      }
      const progress = await this.progress(names, end);
      if (progress.reached) return;
      if (Date.now() > deadline) {
        throw new Error(
          `projections did not reach position ${end} within ${timeoutMs} ms (at ${progress.checkpoint}): a transaction left open on the server holds the log back, or another process applies them and is stuck`,
        );
      }
      await sleep(10);
    }
  }

  /** Whether every projection in `names` has applied the event at global position `position` (commit order). */
  async progress(names: readonly string[], position: number): Promise<ReadModelProgress> {
    const { rows } = await this.pool.query<{ checkpoint: string | null; reached: boolean | null }>(
      `SELECT min(coalesce(c.position, 0)) AS checkpoint,
              bool_and(coalesce((c.transaction_id, c.position) >= (SELECT e.transaction_id, e.global_position FROM events e WHERE e.global_position = $2), false)) AS reached
       FROM unnest($1::text[]) AS n(name) LEFT JOIN subscription_checkpoints c ON c.name = n.name`,
      [names, position],
    );
    return { checkpoint: Number(rows[0]?.checkpoint ?? 0), reached: rows[0]?.reached === true };
  }

  /** Waits (bounded) until every projection in `names` reached `position`; answers where they stand either way. */
  async waitFor(names: readonly string[], position: number, timeoutMs: number): Promise<ReadModelProgress> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const progress = await this.progress(names, position);
      if (progress.reached || Date.now() >= deadline) return progress;
      await sleep(5);
    }
  }

  private async ensureCheckpoints(): Promise<void> {
    await this.pool.query(`INSERT INTO subscription_checkpoints (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`, [this.projections.map((p) => p.name)]);
  }

  /**
   * One transaction: lock what no other process applies, then for each group of equal checkpoints (the
   * one furthest behind first) read the next events, apply them and move the group's checkpoints.
   * `more`: a batch was full (read again at once).
   */
  async processBatch(): Promise<{ handled: number; more: boolean }> {
    const took = stepTimer(this.timings);
    const tx: PoolClient = await this.pool.connect();
    try {
      // Round trips are most of a small batch's time on a busy server (each waits its turn for a CPU), so
      // the batch's fixed part is three: BEGIN with its setting, locks with checkpoints, and COMMIT.
      // A read model is rebuilt from the log: a commit lost in a crash goes together with its checkpoint and
      // is applied again, so waiting for the WAL flush buys nothing here.
      await tx.query('BEGIN; SET LOCAL synchronous_commit = off');
      // The locks are taken first (a materialized CTE: once per projection), then the checkpoints of those held.
      const { rows: locks } = await tx.query<{ i: number; locked: boolean; position: string | null; transaction_id: string | null }>(
        `WITH l AS MATERIALIZED (SELECT i::int, n, pg_try_advisory_xact_lock(k) AS locked FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY AS l(k, n, i))
         SELECT l.i, l.locked, c.position, c.transaction_id::text FROM l LEFT JOIN subscription_checkpoints c ON l.locked AND c.name = l.n ORDER BY l.i`,
        [this.lockKeys, this.projections.map((p) => p.name)],
      );
      const held = this.projections.filter((_, i) => locks.find((l) => l.i === i + 1)?.locked);
      if (held.length === 0) {
        await tx.query('ROLLBACK');
        return { handled: 0, more: false };
      }
      const rows = locks.map((l) => ({ name: this.projections[l.i - 1].name, position: l.position, transaction_id: l.transaction_id }));
      const groups: Group[] = [];
      for (const p of held) {
        const row = rows.find((r) => r.name === p.name);
        const point = { position: Number(row?.position ?? 0), transactionId: row?.transaction_id ?? '0' };
        const group = groups.find((g) => compareLogPoints(g.point, point) === 0);
        if (group) group.projections.push(p);
        else groups.push({ point, projections: [p] });
      }
      groups.sort((a, b) => compareLogPoints(a.point, b.point));
      took('begin, locks, checkpoints');
      let handled = 0;
      let more = false;
      const checkpoints: string[] = [];
      for (let i = 0; i < groups.length; i += 1) {
        const group = groups[i];
        const next = groups[i + 1];
        // the log and the streams it touches in one round trip
        const types = [...new Set(group.projections.map((p) => p.folder.streamType))];
        const { entries, rows: events } = await readLogWithStreams(tx, group.point, next?.point ?? null, this.batchSize, types);
        took('read log and streams');
        if (entries.length === 0) continue;
        await applyStreams(tx, group.projections, LIVE_TABLES, entries, events, this.upcasters, this.timings);
        took(); // applyStreams timed its own steps
        const last = entries[entries.length - 1];
        checkpoints.push(
          `UPDATE subscription_checkpoints SET position = ${Number(last.position)}, transaction_id = ${tx.escapeLiteral(last.transactionId)}::xid8, updated_at = now()
           WHERE name IN (${group.projections.map((p) => tx.escapeLiteral(p.name)).join(', ')})`,
        );
        handled += entries.length;
        if (entries.length === this.batchSize) more = true;
        // Caught up with the group ahead: from now on they go together.
        if (next && compareLogPoints(last, next.point) === 0) next.projections.push(...group.projections);
        else if (next) more = true;
      }
      // The checkpoints move with the COMMIT in one round trip (a simple query of several statements: one that
      // fails stops the rest, and the catch below rolls back).
      await tx.query([...checkpoints, 'COMMIT'].join(';\n'));
      took('checkpoints and commit');
      return { handled, more };
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
  }

  private async follow(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let batch: { handled: number; more: boolean };
      try {
        batch = await this.processBatch();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.error(`projections failed (attempt ${failures}); retrying`, error instanceof Error ? error.stack : String(error));
        await this.sleep(Math.min(30_000, 200 * 2 ** failures));
        continue;
      }
      if (!batch.more) await this.sleep(this.pollIntervalMs);
    }
  }

  private async listen(connectionString: string): Promise<void> {
    const client = new Client({ connectionString, application_name: 'zhuqi-projections' });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      this.logger.warn(`LISTEN connection lost (${error.message}); polling until it is back`);
      this.listener = undefined;
      setTimeout(() => this.running && this.listen(connectionString).catch(() => undefined), this.pollIntervalMs);
    });
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.listener = client;
  }

  /** A NOTIFY (or stop) wakes the sleeping loop; one that arrives during a batch ends the next sleep at once. */
  private readonly wake = () => {
    if (this.wakeSleeper) this.wakeSleeper();
    else this.pendingWake = true;
  };
  private wakeSleeper: (() => void) | undefined;
  private pendingWake = false;

  private sleep(ms: number): Promise<void> {
    if (this.pendingWake) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleeper = done;
    });
  }
}
