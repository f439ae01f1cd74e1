import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Pool, DatabaseError } from 'pg';
import { CommitNotifier } from './commit-notifier';
import { EventStore } from './event-store';
import { CheckpointNotFound, StreamVersionConflict } from './event-store.errors';
import {
  AppendResult,
  EventContext,
  ExpectedVersion,
  NewEvent,
  RecordedEvent,
  StreamAppend,
} from './event-store.types';
import { UpcasterRegistry } from './upcasters';

const COLUMNS = `global_position, stream_id, stream_type, version, type, schema_version, data, metadata,
  event_id, occurred_at, recorded_at`;

/**
 * One statement per append (so one round trip and one transaction, however many events): the rows are
 * inserted only if the stream is still at the expected version; a concurrent writer that got there first
 * makes this one fail on the (stream_id, version) key.
 *
 * Named (prepared) statements: planning the unnest/sub-select anew on every append cost more than the
 * insert itself. They return only what the database assigns; the rest of each event is known here, and
 * sending ~300 bytes of jsonb per event back to be parsed again cost another quarter of the throughput.
 */
const APPEND_MANY = {
  name: 'zhuqi_events_append_many',
  text: `
  INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, metadata, event_id, occurred_at)
  SELECT $1, $2, $3::int + e.ord::int, e.type, e.schema_version, e.data, e.metadata, e.event_id, e.occurred_at
  FROM unnest($4::text[], $5::int2[], $6::jsonb[], $7::jsonb[], $8::uuid[], $9::timestamptz[])
       WITH ORDINALITY AS e(type, schema_version, data, metadata, event_id, occurred_at, ord)
  WHERE (SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1) = $3
  ORDER BY e.ord -- global positions are drawn in row order: keep them increasing with the version
  RETURNING global_position, version, recorded_at`,
};

/** The same for the common single event, without arrays (whose quoting of JSON costs on both ends). */
const APPEND_ONE = {
  name: 'zhuqi_events_append_one',
  text: `
  INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, metadata, event_id, occurred_at)
  SELECT $1, $2, $3::int + 1, $4, $5::int2, $6::jsonb, $7::jsonb, $8::uuid, $9::timestamptz
  WHERE (SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1) = $3
  RETURNING global_position, version, recorded_at`,
};

/** Every event of many streams (named: the SLA timers run it for every batch). */
const READ_STREAMS = {
  name: 'zhuqi_events_read_streams',
  text: `SELECT ${COLUMNS} FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, version`,
};

/**
 * Many streams in one statement (the SLA timers' batches): one row per event with its stream, the
 * stream's expected version and its index in the stream. A stream's rows are inserted only where its own
 * guard holds, so a stream another writer already moved on is left out (and reported as a conflict) while
 * the others are written. A writer committing *during* the statement makes it fail on the
 * (stream_id, version) key instead; the caller then appends stream by stream.
 */
const APPEND_STREAMS = {
  name: 'zhuqi_events_append_streams',
  text: `
  INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, metadata, event_id, occurred_at)
  SELECT e.stream_id, e.stream_type, e.expected + e.nth, e.type, e.schema_version, e.data, e.metadata, e.event_id, e.occurred_at
  FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::int2[], $7::jsonb[], $8::jsonb[], $9::uuid[], $10::timestamptz[])
       WITH ORDINALITY AS e(stream_id, stream_type, expected, nth, type, schema_version, data, metadata, event_id, occurred_at, ord)
  WHERE (SELECT coalesce(max(version), 0) FROM events WHERE stream_id = e.stream_id) = e.expected
  ORDER BY e.ord
  RETURNING stream_id, global_position, version, recorded_at`,
};

/** Committed events after `$1` in commit order, below the oldest running transaction. */
const READ_ALL_SQL = `
  SELECT ${COLUMNS} FROM events
  WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    AND ($1::bigint = 0 OR (transaction_id, global_position) >
         (SELECT transaction_id, global_position FROM events WHERE global_position = $1::bigint))
  ORDER BY transaction_id, global_position
  LIMIT $2`;

const metadataOf = (context: EventContext): string =>
  JSON.stringify({ actor: context.actor, correlationId: context.correlationId, causationId: context.causationId ?? null });

interface EventRow {
  global_position: string;
  stream_id: string;
  stream_type: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  // Not Omit<EventMetadata, 'recordedAt'>: Omit over an index signature drops actor and correlationId.
  metadata: EventContext & Record<string, unknown>;
  event_id: string;
  occurred_at: Date;
  recorded_at: Date;
}

export interface PgEventStoreOptions {
  /** Wakes LISTENers on `zhuqi_events` after commits; `null` for none. Default: one on the same pool. */
  notifier?: CommitNotifier | null;
}

export class PgEventStore extends EventStore {
  private readonly logger = new Logger(PgEventStore.name);
  private readonly notifier: CommitNotifier | null;

  constructor(
    private readonly pool: Pool,
    private readonly upcasters = new UpcasterRegistry(),
    private readonly onCommitted: (events: RecordedEvent[]) => void = () => undefined,
    options: PgEventStoreOptions = {},
  ) {
    super();
    this.notifier = options.notifier === undefined ? new CommitNotifier(pool) : options.notifier;
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 ORDER BY version`,
      [streamId],
    );
    return rows.map((row) => this.toRecorded(row));
  }

  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    if (streamIds.length === 0) return streams;
    const { rows } = await this.pool.query<EventRow>({ ...READ_STREAMS, values: [[...streams.keys()]] });
    for (const row of rows) streams.get(row.stream_id)!.push(this.toRecorded(row));
    return streams;
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<Array<AppendResult | StreamVersionConflict>> {
    if (appends.length === 0) return [];
    if (new Set(appends.map((a) => a.streamId)).size !== appends.length) throw new Error('appendToStreams: a stream may appear once');
    if (appends.some((a) => a.events.length === 0)) throw new Error('appendToStreams needs at least one event per stream');
    const cols = { stream: [] as string[], type: [] as string[], expected: [] as number[], nth: [] as number[], eventType: [] as string[], schema: [] as number[], data: [] as string[], metadata: [] as string[], id: [] as string[], at: [] as string[] };
    const sent = appends.map((a) => ({
      metadata: metadataOf(a.context),
      data: a.events.map((e) => JSON.stringify(e.data)),
      eventIds: a.events.map(() => randomUUID()),
    }));
    // Rows go in stream-id order: two batches sharing streams then take their keys in the same order, so
    // one waits for the other instead of both deadlocking.
    const order = appends.map((_, k) => k).sort((x, y) => (appends[x].streamId < appends[y].streamId ? -1 : 1));
    for (const k of order) {
      const a = appends[k];
      a.events.forEach((e, i) => {
        cols.stream.push(a.streamId);
        cols.type.push(a.streamType);
        cols.expected.push(a.expectedVersion);
        cols.nth.push(i + 1);
        cols.eventType.push(e.type);
        cols.schema.push(e.schemaVersion ?? 1);
        cols.data.push(sent[k].data[i]);
        cols.metadata.push(sent[k].metadata);
        cols.id.push(sent[k].eventIds[i]);
        cols.at.push(e.occurredAt.toISOString());
      });
    }
    let rows: Array<Pick<EventRow, 'stream_id' | 'global_position' | 'version' | 'recorded_at'>>;
    try {
      ({ rows } = await this.pool.query({
        ...APPEND_STREAMS,
        values: [cols.stream, cols.type, cols.expected, cols.nth, cols.eventType, cols.schema, cols.data, cols.metadata, cols.id, cols.at],
      }));
    } catch (error) {
      const keyTaken = error instanceof DatabaseError && error.code === '23505' && error.constraint === 'events_stream_version';
      const deadlock = error instanceof DatabaseError && error.code === '40P01'; // with a writer holding keys out of order
      if (!keyTaken && !deadlock) throw error;
      // A writer committed to one of the streams while the statement ran: nothing was written; one by one,
      // the others still go in and only that stream conflicts.
      return Promise.all(
        appends.map((a) =>
          this.appendToStream(a.streamId, a.streamType, a.expectedVersion, a.events, a.context).catch((e: unknown) => {
            if (e instanceof StreamVersionConflict) return e;
            throw e;
          }),
        ),
      );
    }
    const byStream = new Map<string, typeof rows>();
    for (const row of rows) {
      const list = byStream.get(row.stream_id) ?? [];
      list.push(row);
      byStream.set(row.stream_id, list);
    }
    const results = appends.map((a, k) => {
      const written = byStream.get(a.streamId);
      if (!written) return new StreamVersionConflict(a.streamId, a.expectedVersion);
      return this.committed(a.streamId, a.streamType, a.expectedVersion, a.events, written, sent[k]);
    });
    if (rows.length > 0) this.notifier?.notify();
    return results;
  }

  async appendToStream(
    streamId: string,
    streamType: string,
    expectedVersion: ExpectedVersion,
    events: NewEvent[],
    context: EventContext,
  ): Promise<AppendResult> {
    if (events.length === 0) {
      throw new Error('appendToStream needs at least one event');
    }
    const metadata = metadataOf(context);
    const data = events.map((e) => JSON.stringify(e.data));
    const eventIds = events.map(() => randomUUID());
    let rows: Pick<EventRow, 'global_position' | 'version' | 'recorded_at'>[];
    try {
      const [one] = events;
      ({ rows } = await this.pool.query(
        events.length === 1
          ? {
              ...APPEND_ONE,
              values: [streamId, streamType, expectedVersion, one.type, one.schemaVersion ?? 1, data[0], metadata, eventIds[0], one.occurredAt.toISOString()],
            }
          : {
              ...APPEND_MANY,
              values: [
                streamId,
                streamType,
                expectedVersion,
                events.map((e) => e.type),
                events.map((e) => e.schemaVersion ?? 1),
                data,
                events.map(() => metadata),
                eventIds,
                events.map((e) => e.occurredAt.toISOString()),
              ],
            },
      ));
    } catch (error) {
      if (error instanceof DatabaseError && error.code === '23505' && error.constraint === 'events_stream_version') {
        throw new StreamVersionConflict(streamId, expectedVersion);
      }
      throw error;
    }
    if (rows.length === 0) {
      throw new StreamVersionConflict(streamId, expectedVersion);
    }
    this.notifier?.notify();
    return this.committed(streamId, streamType, expectedVersion, events, rows, { metadata, data, eventIds });
  }

  /** The recorded events of one stream's append, published to `onCommitted` (once per stream). */
  private committed(
    streamId: string,
    streamType: string,
    expectedVersion: number,
    events: NewEvent[],
    rows: Array<Pick<EventRow, 'global_position' | 'version' | 'recorded_at'>>,
    sent: { metadata: string; data: string[]; eventIds: string[] },
  ): AppendResult {
    // Built from what was sent, parsed back from the same JSON text, so it equals what a read returns.
    const recorded = rows
      .map((row) => {
        const i = row.version - expectedVersion - 1;
        return this.toRecorded({
          global_position: row.global_position,
          version: row.version,
          recorded_at: row.recorded_at,
          stream_id: streamId,
          stream_type: streamType,
          type: events[i].type,
          schema_version: events[i].schemaVersion ?? 1,
          data: JSON.parse(sent.data[i]),
          metadata: JSON.parse(sent.metadata),
          event_id: sent.eventIds[i],
          occurred_at: new Date(events[i].occurredAt),
        });
      })
      .sort((a, b) => a.version - b.version);
    try {
      this.onCommitted(recorded);
    } catch (error) {
      // The events are committed: failing the append now would invite a retry of something that happened.
      this.logger.error(`onCommitted failed after appending to ${streamId}`, error instanceof Error ? error.stack : error);
    }
    const last = recorded[recorded.length - 1];
    return { nextVersion: last.version, lastPosition: last.globalPosition, events: recorded };
  }

  async readAll(after: number, limit: number): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(READ_ALL_SQL, [after, limit]);
    // A vanished checkpoint reads as "nothing new"; only checked then, so the busy path stays one query.
    if (rows.length === 0 && after !== 0) {
      const anchor = await this.pool.query(`SELECT 1 FROM events WHERE global_position = $1`, [after]);
      if (anchor.rowCount === 0) {
        throw new CheckpointNotFound(after);
      }
    }
    return rows.map((row) => this.toRecorded(row));
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const { schemaVersion, data } = this.upcasters.upcast(row.type, row.schema_version, row.data);
    return {
      eventId: row.event_id,
      streamId: row.stream_id,
      streamType: row.stream_type,
      version: row.version,
      globalPosition: Number(row.global_position),
      type: row.type,
      schemaVersion,
      data,
      metadata: { ...row.metadata, recordedAt: row.recorded_at.toISOString() },
      occurredAt: row.occurred_at,
      recordedAt: row.recorded_at,
    };
  }
}
