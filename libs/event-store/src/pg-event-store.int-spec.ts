import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Pool, QueryResult } from 'pg';
import { ensureEventStoreSchema } from './ensure-event-store-schema';
import { CommitNotifier, EVENTS_CHANNEL } from './commit-notifier';
import { CheckpointNotFound, StreamVersionConflict } from './event-store.errors';
import { AppendResult, EventContext, NewEvent, RecordedEvent } from './event-store.types';
import { PgEventStore } from './pg-event-store';
import { UpcasterRegistry } from './upcasters';

// Real PostgreSQL, shared with other suites: every test writes only to fresh random streams and counts
// only those, never the whole table.
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let pool: Pool;
let store: PgEventStore;

beforeAll(async () => {
  // The full migrate() in globalSetup already did this; kept so the suite also runs on an empty database.
  await ensureEventStoreSchema(url);
  pool = new Pool({ connectionString: url, max: 8, application_name: 'event-store-int-spec' });
  store = new PgEventStore(pool);
});

afterAll(async () => {
  await pool?.end();
});

const newStreamId = (label = 'case') => `${label}-${randomUUID()}`;
const context = (): EventContext => ({ actor: 'user:zhang.wei', correlationId: randomUUID(), causationId: randomUUID() });
const businessTime = new Date('2023-03-15T02:30:00.000Z');
const event = (type: string, data: unknown, extra: Partial<NewEvent> = {}): NewEvent => ({
  type,
  data,
  occurredAt: businessTime,
  ...extra,
});

// Stores on a delayedCommitPool must not send their NOTIFYs through it.
const noNotifier = { notifier: null };

/** A `Pool` stand-in whose every query runs in an explicit transaction that commits only after `beforeCommit`. */
function delayedCommitPool(real: Pool, beforeCommit: (result: QueryResult) => Promise<unknown>): Pool {
  const query = async (sql: string, params: unknown[]): Promise<QueryResult> => {
    const client = await real.connect();
    try {
      await client.query('BEGIN');
      const result = await client.query(sql, params);
      await beforeCommit(result);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  return { query } as unknown as Pool;
}

async function rawVersions(streamId: string): Promise<number[]> {
  const { rows } = await pool.query<{ version: number }>(
    `SELECT version FROM events WHERE stream_id = $1 ORDER BY version`,
    [streamId],
  );
  return rows.map((r) => r.version);
}

/** A valid `readAll` checkpoint at the current end of the committed log (0 on an empty log). */
async function currentCheckpoint(): Promise<number> {
  const { rows } = await pool.query<{ global_position: string }>(`
    SELECT global_position FROM events WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY transaction_id DESC, global_position DESC LIMIT 1`);
  return rows.length ? Number(rows[0].global_position) : 0;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) {
      return value;
    }
    await sleep(10);
  }
}

describe('PgEventStore (PostgreSQL)', () => {
  describe('append and readStream', () => {
    it('round-trips events with versions 1..n, data, metadata, business time and schema version', async () => {
      const streamId = newStreamId();
      const ctx = context();
      const registered = {
        caseNo: 'ZQ-2023-000187',
        enterprise: { name: '苏州工业园区星河精密制造有限公司', creditCode: '91320594MA1MXXXX7Q' },
        summary: '企业反映厂区东侧道路施工导致货车无法进出，请求协调施工时段。',
        tags: ['交通', '施工协调'],
      };
      const events = [
        event('CaseRegistered', registered),
        event('CaseAssigned', { department: '园区交通运输局', assignee: '李娜' }, { schemaVersion: 2 }),
        event('CaseNoteAdded', { note: '已电话联系企业负责人王先生，约定周三现场踏勘。' }, { occurredAt: new Date('2023-03-16T08:00:00.000Z') }),
      ];

      const before = Date.now();
      const result = await store.appendToStream(streamId, 'Case', 0, events, ctx);
      const stored = await store.readStream(streamId);

      expect(result.nextVersion).toBe(3);
      expect(result.lastPosition).toBe(stored[2].globalPosition);
      expect(result.events).toEqual(stored);
      expect(stored.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(stored.map((e) => e.type)).toEqual(['CaseRegistered', 'CaseAssigned', 'CaseNoteAdded']);
      expect(stored.map((e) => e.data)).toEqual(events.map((e) => e.data));
      expect(stored.map((e) => e.schemaVersion)).toEqual([1, 2, 1]);
      // Positions follow versions inside one append.
      expect(stored[0].globalPosition).toBeLessThan(stored[1].globalPosition);
      expect(stored[1].globalPosition).toBeLessThan(stored[2].globalPosition);
      expect(new Set(stored.map((e) => e.eventId)).size).toBe(3);
      for (const e of stored) {
        expect(e.streamId).toBe(streamId);
        expect(e.streamType).toBe('Case');
        expect(e.eventId).toMatch(/^[0-9a-f-]{36}$/);
        expect(e.metadata).toEqual({
          actor: ctx.actor,
          correlationId: ctx.correlationId,
          causationId: ctx.causationId,
          recordedAt: e.recordedAt.toISOString(),
        });
        // Business time is kept as given; recorded time is the store's clock.
        expect(e.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 60_000);
        expect(e.recordedAt.getTime()).not.toBe(e.occurredAt.getTime());
      }
      expect(stored[0].occurredAt).toEqual(businessTime);
      expect(stored[2].occurredAt).toEqual(new Date('2023-03-16T08:00:00.000Z'));

      // Stored as such, not only echoed back.
      const { rows } = await pool.query(
        `SELECT schema_version, data->'enterprise'->>'name' AS name FROM events WHERE stream_id = $1 ORDER BY version`,
        [streamId],
      );
      expect(rows.map((r) => r.schema_version)).toEqual([1, 2, 1]);
      expect(rows[0].name).toBe('苏州工业园区星河精密制造有限公司');

      const next = await store.appendToStream(streamId, 'Case', 3, [event('CaseClosed', { result: '已办结' })], {
        actor: 'system:timers',
        correlationId: randomUUID(),
      });
      expect(next.nextVersion).toBe(4);
      expect(next.events[0].metadata.causationId).toBeNull();
      expect(next.events).toEqual((await store.readStream(streamId)).slice(3)); // the single-event statement too
      expect(await rawVersions(streamId)).toEqual([1, 2, 3, 4]);
    });

    it('returns an empty list for a stream that does not exist', async () => {
      expect(await store.readStream(newStreamId())).toEqual([]);
    });
  });

  describe('atomicity', () => {
    it('writes all events of one append in a single transaction', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, 'Case', 0, [1, 2, 3, 4, 5].map((n) => event('CaseNoteAdded', { n })), context());
      await store.appendToStream(streamId, 'Case', 5, [event('CaseNoteAdded', { n: 6 }), event('CaseNoteAdded', { n: 7 })], context());

      const { rows } = await pool.query<{ transaction_id: string; versions: number[] }>(
        `SELECT transaction_id::text, array_agg(version ORDER BY version) AS versions
         FROM events WHERE stream_id = $1 GROUP BY transaction_id ORDER BY min(version)`,
        [streamId],
      );
      expect(rows.map((r) => r.versions)).toEqual([
        [1, 2, 3, 4, 5],
        [6, 7],
      ]);
    });

    it('writes nothing when a later event of the append fails', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, 'Case', 0, [event('CaseRegistered', { caseNo: 'A' })], context());
      // Another transaction holds version 3 (uncommitted): our 2 goes in, our 3 then collides with it.
      const other = new Client({ connectionString: url });
      await other.connect();
      try {
        await other.query('BEGIN');
        await other.query(
          `INSERT INTO events (stream_id, stream_type, version, type, data, metadata, event_id, occurred_at)
           VALUES ($1, 'Case', 3, 'CaseNoteAdded', '{}', '{}', $2, now())`,
          [streamId, randomUUID()],
        );
        const committed = jest.fn();
        const watched = new PgEventStore(pool, undefined, committed);
        const append = watched.appendToStream(
          streamId,
          'Case',
          1,
          [event('CaseNoteAdded', { n: 2 }), event('CaseNoteAdded', { n: 3 }), event('CaseNoteAdded', { n: 4 })],
          context(),
        );
        const settled = append.then(
          () => 'appended',
          (error: unknown) => error,
        );
        await sleep(200); // the append is now blocked on version 3
        await other.query('COMMIT');
        const outcome = await settled;
        expect(outcome).toBeInstanceOf(StreamVersionConflict);
        expect(committed).not.toHaveBeenCalled();
      } finally {
        await other.end();
      }
      // Version 2 was inserted by the failed statement and rolled back with it.
      expect(await rawVersions(streamId)).toEqual([1, 3]);
    });
  });

  describe('optimistic concurrency', () => {
    it('lets exactly one of two appends at the same expected version succeed', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, 'Case', 0, [event('CaseRegistered', {})], context());

      const results = await Promise.allSettled(
        ['甲', '乙'].map((who) => store.appendToStream(streamId, 'Case', 1, [event('CaseAssigned', { who }), event('CaseNoteAdded', { who })], context())),
      );
      const fulfilled = results.filter((r): r is PromiseFulfilledResult<AppendResult> => r.status === 'fulfilled');
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      const conflict = rejected[0].reason as StreamVersionConflict;
      expect(conflict).toBeInstanceOf(StreamVersionConflict);
      expect(conflict).toMatchObject({ streamId, expectedVersion: 1, code: 'VERSION_CONFLICT', httpStatus: 412 });

      const stored = await store.readStream(streamId);
      expect(stored.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(stored.slice(1).map((e) => e.eventId)).toEqual(fulfilled[0].value.events.map((e) => e.eventId));
    });

    it.each([
      ['a new stream (expected 0), 2 events each', 0, 2],
      ['an existing stream (expected 3), 1 event each', 3, 1],
    ])('lets exactly 1 of 50 concurrent appends on separate connections win on %s', async (_label, expected, size) => {
      const streamId = newStreamId();
      if (expected > 0) {
        await store.appendToStream(streamId, 'Case', 0, [1, 2, 3].map((n) => event('CaseNoteAdded', { n })), context());
      }
      const wide = new Pool({ connectionString: url, max: 50, application_name: 'event-store-int-spec-50' });
      try {
        // Open all 50 connections first, so the appends really race instead of queueing for a connection.
        const clients = await Promise.all(Array.from({ length: 50 }, () => wide.connect()));
        clients.forEach((c) => c.release());
        const racer = new PgEventStore(wide);
        const results = await Promise.allSettled(
          Array.from({ length: 50 }, (_, writer) =>
            racer.appendToStream(
              streamId,
              'Case',
              expected,
              [event('CaseAssigned', { writer }), event('CaseNoteAdded', { writer })].slice(0, size),
              context(),
            ),
          ),
        );
        const winners = results.filter((r): r is PromiseFulfilledResult<AppendResult> => r.status === 'fulfilled');
        const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(49);
        for (const loser of losers) {
          expect(loser.reason).toBeInstanceOf(StreamVersionConflict);
        }

        const stored = await store.readStream(streamId);
        expect(stored.map((e) => e.version)).toEqual(Array.from({ length: expected + size }, (_, i) => i + 1));
        const appended = stored.slice(expected);
        expect(appended.map((e) => e.eventId)).toEqual(winners[0].value.events.map((e) => e.eventId));
        expect(new Set(appended.map((e) => (e.data as { writer: number }).writer)).size).toBe(1);
      } finally {
        await wide.end();
      }
    });

    it('refuses expected version 0 on an existing stream and writes nothing', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, 'Case', 0, [event('CaseRegistered', {}), event('CaseAssigned', {})], context());
      await expect(store.appendToStream(streamId, 'Case', 0, [event('CaseRegistered', {})], context())).rejects.toBeInstanceOf(
        StreamVersionConflict,
      );
      expect(await rawVersions(streamId)).toEqual([1, 2]);
    });

    it('refuses an expected version ahead of the stream (a gap) and writes nothing', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, 'Case', 0, [event('CaseRegistered', {}), event('CaseAssigned', {})], context());
      await expect(store.appendToStream(streamId, 'Case', 5, [event('CaseNoteAdded', {})], context())).rejects.toMatchObject({
        code: 'VERSION_CONFLICT',
        expectedVersion: 5,
      });
      expect(await rawVersions(streamId)).toEqual([1, 2]);

      const missing = newStreamId();
      await expect(store.appendToStream(missing, 'Case', 2, [event('CaseNoteAdded', {})], context())).rejects.toBeInstanceOf(
        StreamVersionConflict,
      );
      expect(await rawVersions(missing)).toEqual([]);
    });

    it('refuses an empty append', async () => {
      await expect(store.appendToStream(newStreamId(), 'Case', 0, [], context())).rejects.toThrow(/at least one event/);
    });
  });

  describe('readAll', () => {
    it('holds back a later commit until an earlier open transaction commits, then returns both in order', async () => {
      const early = newStreamId('early');
      const late = newStreamId('late');
      const ours = new Set([early, late]);
      const start = await currentCheckpoint();

      let inserted!: (position: number) => void;
      const earlyInserted = new Promise<number>((resolve) => (inserted = resolve));
      let commitEarly!: () => void;
      const earlyCommits = new Promise<void>((resolve) => (commitEarly = resolve));
      const slow = new PgEventStore(
        delayedCommitPool(pool, (result) => {
          inserted(Number(result.rows[0].global_position));
          return earlyCommits;
        }),
        undefined,
        undefined,
        noNotifier,
      );
      const earlyAppend = slow.appendToStream(early, 'Case', 0, [event('CaseRegistered', { n: 'early' })], context());
      // The early row is inserted but uncommitted: it holds the lower global position.
      const earlyPosition = await earlyInserted;

      const lateResult = await store.appendToStream(late, 'Case', 0, [event('CaseRegistered', { n: 'late' })], context());

      // A naive follower by global position sees the late event now and moves past the early one.
      const naive = await pool.query<{ global_position: string; stream_id: string }>(
        `SELECT global_position, stream_id FROM events WHERE global_position > $1 AND stream_id = ANY($2) ORDER BY global_position`,
        [start, [...ours]],
      );
      expect(naive.rows.map((r) => r.stream_id)).toEqual([late]);

      // readAll does not: the late event is held back behind the open transaction.
      const whileOpen = (await store.readAll(start, 10_000)).filter((e) => ours.has(e.streamId));
      expect(whileOpen).toEqual([]);

      commitEarly();
      const earlyResult = await earlyAppend;
      expect(earlyResult.lastPosition).toBe(earlyPosition);
      expect(earlyPosition).toBeLessThan(lateResult.lastPosition);

      const naiveAfter = await pool.query(`SELECT 1 FROM events WHERE global_position > $1 AND stream_id = ANY($2)`, [
        lateResult.lastPosition,
        [...ours],
      ]);
      expect(naiveAfter.rowCount).toBe(0); // the naive follower has skipped the early event for good

      const seen = await eventually(
        async () => (await store.readAll(start, 10_000)).filter((e) => ours.has(e.streamId)),
        (events) => events.length === 2,
      );
      // Transaction order: the early transaction (lower xid) first, although it committed last.
      expect(seen.map((e) => e.streamId)).toEqual([early, late]);
    });

    it('a follower sees every event of many concurrent, out-of-order committing writers exactly once', async () => {
      const WRITERS = 16;
      const STREAMS_PER_WRITER = 4;
      const APPENDS_PER_WRITER = 30;
      const ours = new Set<string>();
      const writerPool = new Pool({ connectionString: url, max: WRITERS + 2, application_name: 'event-store-int-spec-writers' });

      const committed: { events: RecordedEvent[]; commitSeq: number }[] = [];
      let commitSeq = 0;
      let writersDone = false;

      try {
        const start = await currentCheckpoint();
        const naiveStart = Number((await pool.query(`SELECT coalesce(max(global_position), 0) AS p FROM events`)).rows[0].p);

        // Random, mostly short commit delays, sometimes long: lower positions keep committing after higher ones.
        const jitter = () => sleep(Math.random() < 0.1 ? 40 + Math.random() * 120 : Math.random() * 8);
        const jittery = new PgEventStore(delayedCommitPool(writerPool, jitter), undefined, undefined, noNotifier);
        const direct = new PgEventStore(writerPool);

        // A deterministic straggler: takes a low position first and commits only after the naive follower
        // has moved past it.
        let naiveCheckpoint = naiveStart;
        const straggler = newStreamId('straggler');
        ours.add(straggler);
        let stragglerInserted!: () => void;
        const stragglerHoldsPosition = new Promise<void>((resolve) => (stragglerInserted = resolve));
        const stragglerStore = new PgEventStore(
          delayedCommitPool(writerPool, async (result) => {
            const position = Number(result.rows[0].global_position);
            stragglerInserted();
            await eventually(async () => naiveCheckpoint, (p) => p > position, 20_000);
          }),
          undefined,
          undefined,
          noNotifier,
        );
        const stragglerDone = stragglerStore
          .appendToStream(straggler, 'Case', 0, [event('CaseRegistered', { straggler: true }), event('CaseAssigned', {})], context())
          .then((result) => committed.push({ events: result.events, commitSeq: commitSeq++ }));
        await stragglerHoldsPosition;

        const writer = async (w: number) => {
          const streams = Array.from({ length: STREAMS_PER_WRITER }, () => newStreamId(`w${w}`));
          streams.forEach((s) => ours.add(s));
          const versions = new Map(streams.map((s) => [s, 0]));
          for (let i = 0; i < APPENDS_PER_WRITER; i++) {
            const streamId = streams[i % streams.length];
            const size = 1 + Math.floor(Math.random() * 3);
            const batch = Array.from({ length: size }, (_, k) => event('CaseNoteAdded', { w, i, k, note: '企业诉求跟进记录' }));
            const via = i % 3 === 0 ? direct : jittery;
            const result = await via.appendToStream(streamId, 'Case', versions.get(streamId)!, batch, context());
            versions.set(streamId, result.nextVersion);
            committed.push({ events: result.events, commitSeq: commitSeq++ });
          }
        };

        // The follower under test, checkpointing the last position it saw.
        const seen: RecordedEvent[] = [];
        const follower = (async () => {
          let checkpoint = start;
          const expected = () => committed.reduce((n, c) => n + c.events.length, 0);
          const deadline = () => Date.now() + 30_000;
          let giveUpAt = Number.POSITIVE_INFINITY;
          for (;;) {
            const batch = await store.readAll(checkpoint, 37);
            for (const e of batch) {
              if (ours.has(e.streamId)) {
                seen.push(e);
              }
            }
            if (batch.length > 0) {
              checkpoint = batch[batch.length - 1].globalPosition;
              continue;
            }
            if (writersDone) {
              giveUpAt = Math.min(giveUpAt, deadline());
              if (seen.length >= expected() || Date.now() > giveUpAt) {
                return;
              }
            }
            await sleep(2);
          }
        })();

        // The naive follower: by global position only, as a plain bigserial log would be read.
        const naiveSeen = new Set<string>();
        const naive = (async () => {
          for (;;) {
            const done = writersDone;
            const { rows } = await pool.query<{ global_position: string; stream_id: string; event_id: string }>(
              `SELECT global_position, stream_id, event_id FROM events WHERE global_position > $1 ORDER BY global_position LIMIT 37`,
              [naiveCheckpoint],
            );
            for (const r of rows) {
              if (ours.has(r.stream_id)) {
                naiveSeen.add(r.event_id);
              }
            }
            if (rows.length > 0) {
              naiveCheckpoint = Number(rows[rows.length - 1].global_position);
            } else if (done) {
              return;
            } else {
              await sleep(1);
            }
          }
        })();

        await Promise.all([...Array.from({ length: WRITERS }, (_, w) => writer(w)), stragglerDone]);
        writersDone = true;
        await Promise.all([follower, naive]);

        const all = committed.flatMap((c) => c.events);
        const ids = seen.map((e) => e.eventId);
        expect(all.length).toBeGreaterThan(WRITERS * APPENDS_PER_WRITER);
        expect(new Set(ids).size).toBe(ids.length); // no duplicate
        expect(new Set(ids)).toEqual(new Set(all.map((e) => e.eventId))); // no skip
        // Within a stream, the follower sees versions in order.
        const lastVersion = new Map<string, number>();
        for (const e of seen) {
          expect(e.version).toBe((lastVersion.get(e.streamId) ?? 0) + 1);
          lastVersion.set(e.streamId, e.version);
        }

        // The run was meaningful: commits did happen out of position order, and a follower by position
        // (a plain bigserial read) missed events.
        const inversions = committed.filter((c, i) =>
          committed.slice(0, i).some((earlier) => earlier.events[0].globalPosition > c.events[0].globalPosition),
        ).length;
        const naiveMissed = all.filter((e) => !naiveSeen.has(e.eventId)).length;
        expect(inversions).toBeGreaterThan(0);
        expect(naiveMissed).toBeGreaterThan(0);
        // Reported for the curious: how far from the naive reading the real run was.
        console.info(
          `follower: ${all.length} events in ${committed.length} appends; ${inversions} appends committed after a higher position; naive follower missed ${naiveMissed}`,
        );
      } finally {
        writersDone = true;
        await writerPool.end();
      }
    }, 90_000);

    it('refuses a checkpoint whose event no longer exists instead of stalling', async () => {
      const streamId = newStreamId('deleted');
      const start = await currentCheckpoint();
      await store.appendToStream(streamId, 'Case', 0, [event('CaseRegistered', {})], context());
      const [ours] = await eventually(
        async () => (await store.readAll(start, 10_000)).filter((e) => e.streamId === streamId),
        (events) => events.length === 1,
      );
      await pool.query(`DELETE FROM events WHERE stream_id = $1`, [streamId]);
      await expect(store.readAll(ours.globalPosition, 10)).rejects.toBeInstanceOf(CheckpointNotFound);
    });
  });

  describe('upcasters', () => {
    it('returns old schema versions upcast, without rewriting what is stored', async () => {
      const streamId = newStreamId();
      const start = await currentCheckpoint();
      await store.appendToStream(
        streamId,
        'Case',
        0,
        [
          event('CaseRegistered', { enterpriseName: '昆山市玉山镇德润五金厂', district: '玉山镇' }), // v1
          event('CaseRegistered', { enterprise: { name: '德润五金' }, area: '玉山镇' }, { schemaVersion: 2 }),
        ],
        context(),
      );

      const upcasters = new UpcasterRegistry()
        .register('CaseRegistered', 1, (d) => {
          const { enterpriseName, ...rest } = d as { enterpriseName: string; district: string };
          return { ...rest, enterprise: { name: enterpriseName } };
        })
        .register('CaseRegistered', 2, (d) => {
          const { district, area, ...rest } = d as { district?: string; area?: string };
          return { ...rest, area: area ?? district };
        });
      const upcasting = new PgEventStore(pool, upcasters);

      const expected = [
        { schemaVersion: 3, data: { enterprise: { name: '昆山市玉山镇德润五金厂' }, area: '玉山镇' } },
        { schemaVersion: 3, data: { enterprise: { name: '德润五金' }, area: '玉山镇' } },
      ];
      const read = await upcasting.readStream(streamId);
      expect(read.map(({ schemaVersion, data }) => ({ schemaVersion, data }))).toEqual(expected);

      const followed = await eventually(
        async () => (await upcasting.readAll(start, 10_000)).filter((e) => e.streamId === streamId),
        (events) => events.length === 2,
      );
      expect(followed.map(({ schemaVersion, data }) => ({ schemaVersion, data }))).toEqual(expected);

      const { rows } = await pool.query(`SELECT schema_version, data FROM events WHERE stream_id = $1 ORDER BY version`, [streamId]);
      expect(rows[0]).toEqual({ schema_version: 1, data: { enterpriseName: '昆山市玉山镇德润五金厂', district: '玉山镇' } });
      expect(rows[1].schema_version).toBe(2);
    });
  });

  describe('NOTIFY for followers in other processes', () => {
    it('notifies zhuqi_events after a commit, coalescing bursts, and not for a refused append', async () => {
      const listener = new Client({ connectionString: url });
      await listener.connect();
      const received: number[] = [];
      listener.on('notification', (n) => n.channel === EVENTS_CHANNEL && received.push(Date.now()));
      await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
      try {
        const notifier = new CommitNotifier(pool, 50);
        const notifying = new PgEventStore(pool, undefined, undefined, { notifier });
        const streamId = newStreamId();

        await notifying.appendToStream(streamId, 'Case', 0, [event('CaseRegistered', {})], context());
        await eventually(async () => notifier.sent, (sent) => sent === 1, 5_000);
        expect(notifier.sent).toBe(1); // the first at once

        // A burst inside one window: one trailing notification covers all of it.
        const burstStart = Date.now();
        for (let v = 1; v <= 10; v++) {
          await notifying.appendToStream(streamId, 'Case', v, [event('CaseNoteAdded', { v })], context());
        }
        const burstMs = Date.now() - burstStart;
        await eventually(async () => notifier.sent, (sent) => sent >= 2, 5_000);
        await sleep(150);
        const burstNotifications = notifier.sent - 1;
        expect(burstNotifications).toBeGreaterThanOrEqual(1); // the last append is covered
        expect(burstNotifications).toBeLessThanOrEqual(Math.min(10, Math.ceil(burstMs / 50) + 1));

        const sentBefore = notifier.sent;
        await sleep(100);
        await expect(notifying.appendToStream(streamId, 'Case', 3, [event('CaseNoteAdded', {})], context())).rejects.toBeInstanceOf(
          StreamVersionConflict,
        );
        await sleep(150);
        expect(notifier.sent).toBe(sentBefore);
        // Others' appends may notify on the same channel too: at least ours arrived.
        expect(received.length).toBeGreaterThanOrEqual(sentBefore);
      } finally {
        await listener.end();
      }
    });
  });

  describe('EventsCommitted callback', () => {
    it('is called with the recorded events once they are visible to other connections, never for a refused append', async () => {
      const observer = new Client({ connectionString: url });
      await observer.connect();
      try {
        const calls: { events: RecordedEvent[]; visible: Promise<number> }[] = [];
        const watched = new PgEventStore(pool, undefined, (events) => {
          // Issued from inside the callback, on a connection of its own.
          const visible = observer
            .query(`SELECT count(*)::int AS n FROM events WHERE event_id = ANY($1::uuid[])`, [events.map((e) => e.eventId)])
            .then((r) => r.rows[0].n as number);
          calls.push({ events, visible });
        });
        const streamId = newStreamId();

        const result = await watched.appendToStream(streamId, 'Case', 0, [event('CaseRegistered', {}), event('CaseAssigned', {})], context());
        expect(calls).toHaveLength(1);
        expect(calls[0].events).toEqual(result.events);
        expect(await calls[0].visible).toBe(2);

        await expect(watched.appendToStream(streamId, 'Case', 0, [event('CaseRegistered', {})], context())).rejects.toBeInstanceOf(
          StreamVersionConflict,
        );
        await expect(watched.appendToStream(streamId, 'Case', 7, [event('CaseNoteAdded', {})], context())).rejects.toBeInstanceOf(
          StreamVersionConflict,
        );
        expect(calls).toHaveLength(1);
      } finally {
        await observer.end();
      }
    });

    it('does not fail an append that committed when the callback throws', async () => {
      const watched = new PgEventStore(pool, undefined, () => {
        throw new Error('subscriber broke');
      });
      jest.spyOn(console, 'error').mockImplementation(() => undefined);
      jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const streamId = newStreamId();
      try {
        const result = await watched.appendToStream(streamId, 'Case', 0, [event('CaseRegistered', {})], context());
        expect(result.nextVersion).toBe(1);
      } finally {
        jest.restoreAllMocks();
      }
      expect(await rawVersions(streamId)).toEqual([1]);
    });
  });

  describe('many streams at once (readStreams, appendToStreams)', () => {
    it('reads many streams in one call, each oldest first, empty for a stream that does not exist', async () => {
      const [a, b, none] = [newStreamId(), newStreamId(), newStreamId()];
      await store.appendToStream(a, 'Case', 0, [event('CaseRegistered', { n: 1 }), event('CaseAssigned', { n: 2 })], context());
      await store.appendToStream(b, 'Case', 0, [event('CaseRegistered', { n: 1 })], context());
      await store.appendToStream(a, 'Case', 2, [event('CaseNoteAdded', { n: 3 })], context());

      const streams = await store.readStreams([a, b, none]);
      expect([...streams.keys()].sort()).toEqual([a, b, none].sort());
      expect(streams.get(a)).toEqual(await store.readStream(a));
      expect(streams.get(a)!.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(streams.get(b)).toEqual(await store.readStream(b));
      expect(streams.get(none)).toEqual([]);
    });

    it('appends to many streams in one statement, each at its own version, and publishes each stream as one append', async () => {
      const published: RecordedEvent[][] = [];
      const watched = new PgEventStore(pool, undefined, (events) => published.push(events));
      const [a, b, c] = [newStreamId(), newStreamId(), newStreamId()];
      await store.appendToStream(a, 'Case', 0, [event('CaseRegistered', {})], context());
      await store.appendToStream(b, 'Case', 0, [event('CaseRegistered', {}), event('CaseAssigned', {})], context());
      const ctx = { actor: 'system:sla-clocks', correlationId: 'job-1', causationId: 'job-1' };

      const results = await watched.appendToStreams([
        { streamId: a, streamType: 'Case', expectedVersion: 1, events: [event('ResponseOverdue', { s: 'a' })], context: ctx },
        { streamId: b, streamType: 'Case', expectedVersion: 2, events: [event('ResponseOverdue', { s: 'b' }), event('CaseNoteAdded', { s: 'b2' })], context: ctx },
        { streamId: c, streamType: 'Case', expectedVersion: 0, events: [event('CaseRegistered', { s: 'c' })], context: ctx },
      ]);

      for (const r of results) expect(r).not.toBeInstanceOf(StreamVersionConflict);
      const [ra, rb, rc] = results as AppendResult[];
      expect(ra.events).toEqual((await store.readStream(a)).slice(1));
      expect(rb.events).toEqual((await store.readStream(b)).slice(2));
      expect(rc.events).toEqual(await store.readStream(c));
      expect([ra.nextVersion, rb.nextVersion, rc.nextVersion]).toEqual([2, 4, 1]);
      expect(rb.events[0].globalPosition).toBeLessThan(rb.events[1].globalPosition);
      expect(ra.events[0].metadata).toMatchObject(ctx);
      // One transaction for the whole batch.
      const ids = [ra, rb, rc].flatMap((r) => r.events.map((e) => e.eventId));
      const { rows } = await pool.query(`SELECT count(DISTINCT transaction_id)::int AS n FROM events WHERE event_id = ANY($1::uuid[])`, [ids]);
      expect(rows[0].n).toBe(1);
      expect(published).toEqual([ra.events, rb.events, rc.events]);
    });

    it('reports a stream another writer moved on as a conflict, writes nothing for it and still writes the others', async () => {
      const published: RecordedEvent[][] = [];
      const watched = new PgEventStore(pool, undefined, (events) => published.push(events));
      const [a, b] = [newStreamId(), newStreamId()];
      await store.appendToStream(a, 'Case', 0, [event('CaseRegistered', {})], context());
      await store.appendToStream(b, 'Case', 0, [event('CaseRegistered', {})], context());
      await store.appendToStream(b, 'Case', 1, [event('CaseAcknowledged', {})], context()); // b moved on

      const [ra, rb] = await watched.appendToStreams([
        { streamId: a, streamType: 'Case', expectedVersion: 1, events: [event('ResponseOverdue', {})], context: context() },
        { streamId: b, streamType: 'Case', expectedVersion: 1, events: [event('ResponseOverdue', {}), event('CaseNoteAdded', {})], context: context() },
      ]);
      expect((ra as AppendResult).nextVersion).toBe(2);
      expect(rb).toBeInstanceOf(StreamVersionConflict);
      expect(rb).toMatchObject({ streamId: b, expectedVersion: 1 });
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['CaseRegistered', 'CaseAcknowledged']);
      expect(published).toEqual([(ra as AppendResult).events]);
    });

    it('a writer committing to one stream while the batch statement waits on it: that stream conflicts, the others are written once', async () => {
      const [a, b] = [newStreamId(), newStreamId()];
      await store.appendToStream(a, 'Case', 0, [event('CaseRegistered', {})], context());
      await store.appendToStream(b, 'Case', 0, [event('CaseRegistered', {})], context());
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const holding = new Promise<void>((resolve) => (inserted = resolve));
      // The other writer has inserted b's version 2 and not committed yet.
      const other = new PgEventStore(delayedCommitPool(pool, async () => (inserted(), gate)), undefined, undefined, noNotifier);
      const otherAppend = other.appendToStream(b, 'Case', 1, [event('CaseAcknowledged', { by: 'other' })], context());
      await holding;

      const batch = store.appendToStreams([
        { streamId: a, streamType: 'Case', expectedVersion: 1, events: [event('ResponseOverdue', {})], context: context() },
        { streamId: b, streamType: 'Case', expectedVersion: 1, events: [event('ResponseOverdue', {})], context: context() },
      ]);
      // The batch statement is now waiting on b's (stream_id, version) key.
      await eventually(
        async () => (await pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%unnest($1::text[], $2::text[]%'`)).rows[0].n,
        (n) => n > 0,
        5_000,
      );
      release();
      await otherAppend;
      const [ra, rb] = await batch;

      expect((ra as AppendResult).nextVersion).toBe(2);
      expect(rb).toBeInstanceOf(StreamVersionConflict);
      expect((await store.readStream(a)).map((e) => e.type)).toEqual(['CaseRegistered', 'ResponseOverdue']);
      expect((await store.readStream(b)).map((e) => [e.type, e.data])).toEqual([
        ['CaseRegistered', {}],
        ['CaseAcknowledged', { by: 'other' }],
      ]);
    });

    it('two batches over the same streams in opposite orders, at once: each stream written by exactly one, no deadlock', async () => {
      for (let round = 0; round < 5; round += 1) {
        const ids = Array.from({ length: 20 }, () => newStreamId());
        await Promise.all(ids.map((id) => store.appendToStream(id, 'Case', 0, [event('CaseRegistered', {})], context())));
        const batch = (who: string, list: string[]) =>
          store.appendToStreams(list.map((streamId) => ({ streamId, streamType: 'Case', expectedVersion: 1, events: [event('ResponseOverdue', { who })], context: context() })));
        const [one, two] = await Promise.all([batch('甲', ids), batch('乙', [...ids].reverse())]);
        const won = (results: Array<AppendResult | StreamVersionConflict>) => results.filter((r) => !(r instanceof StreamVersionConflict)).length;
        expect(won(one) + won(two)).toBe(20);
        for (const id of ids) expect(await rawVersions(id)).toEqual([1, 2]);
      }
    });

    it('refuses a stream named twice or with no events, writing nothing', async () => {
      const a = newStreamId();
      const one = { streamId: a, streamType: 'Case', expectedVersion: 0, events: [event('CaseRegistered', {})], context: context() };
      await expect(store.appendToStreams([one, one])).rejects.toThrow(/once/);
      await expect(store.appendToStreams([{ ...one, events: [] }])).rejects.toThrow(/at least one event/);
      expect(await rawVersions(a)).toEqual([]);
    });
  });
});
