import { RecordedEvent } from '@zhuqi/event-store';
import { READ_MODELS } from '../projections/read-model-names';
import { Row, RowPerStreamProjection, StreamFolder, TableNames } from '../projections/stream-projection';
import { VISIT_STREAM_TYPE, VisitRecordedData } from './visit.events';

export class VisitFolder implements StreamFolder<VisitRecordedData> {
  readonly streamType = VISIT_STREAM_TYPE;

  fold(events: readonly RecordedEvent[]): VisitRecordedData | undefined {
    const recorded = events.filter((e) => e.type === 'VisitRecorded');
    return recorded.length > 0 ? (recorded[recorded.length - 1].data as VisitRecordedData) : undefined;
  }
}

/** `read_visits`: every 走访, for the grid to-do ("not visited this month") and visit coverage per grid. */
export class VisitsProjection extends RowPerStreamProjection<VisitRecordedData> {
  readonly name = READ_MODELS.visits;
  readonly table = 'read_visits';
  readonly folder = new VisitFolder();
  readonly columns = ['id', 'enterprise_id', 'enterprise_name', 'grid_code', 'visitor', 'summary', 'visited_at'] as const;

  createTable(table: string): string {
    return `CREATE TABLE ${table} (
      id              uuid        PRIMARY KEY,
      enterprise_id   uuid        NOT NULL,
      enterprise_name text        NOT NULL,
      grid_code       text        NOT NULL,
      visitor         text        NOT NULL,
      summary         text        NOT NULL,
      visited_at      timestamptz NOT NULL
    )`;
  }

  createIndexes(t: TableNames): string[] {
    const table = t(this.table);
    return [
      `CREATE INDEX ${table}_grid_time ON ${table} (grid_code, visited_at)`,
      `CREATE INDEX ${table}_enterprise_time ON ${table} (enterprise_id, visited_at)`,
    ];
  }

  toRow(v: VisitRecordedData): Row {
    return {
      id: v.visitId,
      enterprise_id: v.enterpriseId,
      enterprise_name: v.enterpriseName,
      grid_code: v.gridCode,
      visitor: v.visitor,
      summary: v.summary,
      visited_at: v.visitedAt,
    };
  }
}
