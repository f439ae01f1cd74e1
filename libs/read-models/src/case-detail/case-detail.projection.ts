import { CaseView } from '@zhuqi/cases';
import { DeadlinePolicy } from '@zhuqi/sla';
import { CaseViewFolder } from './case-view.folder';
import { READ_MODELS } from '../projections/read-model-names';
import { Row, RowPerStreamProjection, StreamFolder } from '../projections/stream-projection';

/** `read_case_detail`: the whole CaseView per case as jsonb, answered as is by GET /api/cases/:id. */
export class CaseDetailProjection extends RowPerStreamProjection<CaseView> {
  readonly name = READ_MODELS.caseDetail;
  readonly table = 'read_case_detail';
  readonly columns = ['id', 'view', 'version', 'last_position'] as const;

  /** Without a folder: the default deadline rules (enough for the DDL, e.g. in the migration). */
  constructor(readonly folder: StreamFolder<CaseView> = new CaseViewFolder(new DeadlinePolicy())) {
    super();
  }

  createTable(table: string): string {
    return `CREATE TABLE ${table} (
      id            uuid    PRIMARY KEY,
      view          jsonb   NOT NULL,
      version       integer NOT NULL,
      last_position bigint  NOT NULL
    )`;
  }

  createIndexes(): string[] {
    return [];
  }

  toRow(view: CaseView): Row {
    return { id: view.id, view, version: view.version, last_position: view.lastPosition };
  }
}
