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

/** Committed events after `$1` in commit order, below the oldest running transaction. */
const READ_ALL_SQL = `
  SELECT ${COLUMNS} FROM events
  WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    AND ($1::bigint = 0 OR (transaction_id, global_position) >
         (SELECT transaction_id, global_position FROM events WHERE global_position = $1::bigint))
  ORDER BY transaction_id, global_position
  LIMIT $2`;

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
    const metadata = JSON.stringify({ actor: context.actor, correlationId: context.correlationId, causationId: context.causationId ?? null });
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
    // Built from what was sent, parsed back from the same JSON text, so it equals what a read returns.
    const recorded = rows
      .map((row) => {
        const i = row.version - expectedVersion - 1;
        return this.toRecorded({
          ...row,
          stream_id: streamId,
          stream_type: streamType,
          type: events[i].type,
          schema_version: events[i].schemaVersion ?? 1,
          data: JSON.parse(data[i]),
          metadata: JSON.parse(metadata),
          event_id: eventIds[i],
          occurred_at: new Date(events[i].occurredAt),
        });
      })
      .sort((a, b) => a.version - b.version);
    this.notifier?.notify();
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
