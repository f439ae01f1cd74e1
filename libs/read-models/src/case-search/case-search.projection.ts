import { CaseView } from '@zhuqi/cases';
import { DeadlinePolicy } from '@zhuqi/sla';
import { CaseViewFolder } from '../case-detail/case-view.folder';
import { READ_MODELS } from '../projections/read-model-names';
import { Row, RowPerStreamProjection, StreamFolder, TableNames } from '../projections/stream-projection';
import { bigramsOf, foldSearchText } from './search-text';

/**
 * `read_case_search`: a case's title and description, folded, with their bigrams under a GIN index
 * (see search-text.ts). Its own table because its row is written once, at intake: in `read_case_list`
 * (new row versions at every event) the text index would take a new entry each time.
 */
export class CaseSearchProjection extends RowPerStreamProjection<CaseView> {
  readonly name = READ_MODELS.caseSearch;
  readonly table = 'read_case_search';
  readonly columns = ['id', 'content', 'bigrams'] as const;
  /** Title and description are given at intake and never change. */
  readonly changedBy = new Set(['CaseSubmitted']);

  constructor(readonly folder: StreamFolder<CaseView> = new CaseViewFolder(new DeadlinePolicy())) {
    super();
  }

  createTable(table: string): string {
    return `CREATE TABLE ${table} (
      id       uuid   PRIMARY KEY,
      -- title, a space, description; folded (foldSearchText)
      content  text   NOT NULL,
      bigrams  text[] NOT NULL
    )`;
  }

  createIndexes(t: TableNames): string[] {
    const table = t(this.table);
    return [`CREATE INDEX ${table}_bigrams ON ${table} USING gin (bigrams)`];
  }

  toRow(v: CaseView): Row {
    const content = foldSearchText(`${v.title} ${v.description}`);
    return { id: v.id, content, bigrams: bigramsOf(content) };
  }
}
