import { Pool } from 'pg';

/** The channel followers in other processes LISTEN on; the payload is empty (they read the log). */
export const EVENTS_CHANNEL = 'zhuqi_events';

/**
 * Wakes followers in other processes after appends commit: `NOTIFY zhuqi_events`, at most once per
 * `intervalMs` (the first at once, later ones coalesced into one at the end of the window).
 *
 * Why not a trigger inside the append: PostgreSQL serialises every committing transaction that has
 * sent a NOTIFY on one cluster-wide lock held until its commit record is flushed, so appends could no
 * longer share WAL flushes (group commit) — the store fell to ~20–35 % of a plain insert from 4 writers
 * on (bench/event-store.bench.ts). Here the NOTIFY is its own read-only transaction: no WAL flush under
 * the lock, and only ~1000/intervalMs of them per second whatever the append rate.
 *
 * A notification is a hint: one lost to a crash right after a commit only delays followers until their
 * next poll, which they must do anyway.
 */
export class CommitNotifier {
  /** Notifications that reached the server (benchmarks account for their transactions). */
  sent = 0;
  private lastAt = Number.NEGATIVE_INFINITY;
  private trailing: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: Pick<Pool, 'query'>,
    private readonly intervalMs = 10,
    private readonly channel = EVENTS_CHANNEL,
  ) {}

  /** Called after a commit; never throws, never waits. */
  notify(): void {
    if (this.trailing) {
      return; // already due, and it will be sent after this commit
    }
    const wait = this.lastAt + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.send();
      return;
    }
    this.trailing = setTimeout(() => {
      this.trailing = undefined;
      this.send();
    }, wait);
    // A pending wake-up must not keep a finished process (or a test run) alive.
    this.trailing.unref();
  }

  private send(): void {
    this.lastAt = Date.now();
    this.pool.query(`SELECT pg_notify($1, '')`, [this.channel]).then(
      () => (this.sent += 1),
      () => undefined, // pool closing or database away: followers poll
    );
  }
}
