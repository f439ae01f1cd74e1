import { EventSubscriber, RecordedEvent, UpcasterRegistry } from '@zhuqi/event-store';
import { PoolClient } from 'pg';
import { EVENT_COLUMNS, EventRow, groupByStream, toRecorded } from './stream-events';
import { Row, StreamProjection, upsertRows } from './stream-projection';

/**
 * Applies a projection as a subscriber of the global log, inside the batch transaction that also moves
 * its checkpoint. Each stream the batch touches is refolded up to the batch's last version of it (a
 * stream's versions commit in order, so that is exactly what the checkpoint covers). Events of other
 * stream types, and event types the fold does not know, change nothing.
 */
export class ProjectionSubscriber implements EventSubscriber {
  readonly name: string;

  constructor(
    readonly projection: StreamProjection,
    private readonly upcasters: UpcasterRegistry,
  ) {
    this.name = projection.name;
  }

  async handle(events: RecordedEvent[], tx: PoolClient): Promise<void> {
    await applyToTable(this.projection, this.projection.table, events, tx, this.upcasters);
  }
}

/** The live path, also used by a rebuild to bring a fresh table from its snapshot to the live checkpoint. */
export async function applyToTable(
  projection: StreamProjection,
  table: string,
  events: readonly RecordedEvent[],
  db: Pick<PoolClient, 'query'>,
  upcasters: UpcasterRegistry,
): Promise<void> {
  const upTo = new Map<string, number>();
  for (const e of events) {
    if (e.streamType !== projection.folder.streamType) continue;
    upTo.set(e.streamId, Math.max(upTo.get(e.streamId) ?? 0, e.version));
  }
  if (upTo.size === 0) return;
  const { rows } = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS}
     FROM unnest($1::text[], $2::int[]) AS s(stream_id, up_to)
     JOIN events e ON e.stream_id = s.stream_id AND e.version <= s.up_to
     ORDER BY e.stream_id, e.version`,
    [[...upTo.keys()], [...upTo.values()]],
  );
  const out: Row[] = [];
  for (const stream of groupByStream(rows.map((row) => toRecorded(row, upcasters)))) {
    const state = projection.folder.fold(stream);
    if (state !== undefined) out.push(projection.toRow(state));
  }
  await upsertRows(db, projection, table, out);
}
