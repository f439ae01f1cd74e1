import { RecordedEvent, UpcasterRegistry } from '@zhuqi/event-store';

export interface EventRow {
  global_position: string;
  stream_id: string;
  stream_type: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  /** occurred_at in epoch milliseconds: a number is far cheaper to turn into a Date than a timestamp's text. */
  occurred_ms: number;
}

/**
 * What a projection's fold reads of an event: no metadata, event id or recorded-at (a read model is
 * about what happened and when; fetching those halved the rebuild's read speed). Live and rebuild alike.
 */
export const EVENT_COLUMNS = `e.global_position, e.stream_id, e.stream_type, e.version, e.type, e.schema_version, e.data,
  (extract(epoch FROM e.occurred_at) * 1000)::float8 AS occurred_ms`;

/** A stored row as a fold sees it, upcast to the current schema version (metadata left empty). */
export function toRecorded(row: EventRow, upcasters: UpcasterRegistry): RecordedEvent {
  const { schemaVersion, data } = upcasters.upcast(row.type, row.schema_version, row.data);
  const occurredAt = new Date(row.occurred_ms);
  return {
    eventId: '',
    streamId: row.stream_id,
    streamType: row.stream_type,
    version: row.version,
    globalPosition: Number(row.global_position),
    type: row.type,
    schemaVersion,
    data,
    metadata: { actor: '', correlationId: '', recordedAt: '' },
    occurredAt,
    recordedAt: occurredAt,
  };
}

/** Splits rows ordered by (stream_id, version) into one array per stream. */
export function groupByStream(events: RecordedEvent[]): RecordedEvent[][] {
  const streams: RecordedEvent[][] = [];
  for (const e of events) {
    const current = streams[streams.length - 1];
    if (current && current[0].streamId === e.streamId) current.push(e);
    else streams.push([e]);
  }
  return streams;
}
