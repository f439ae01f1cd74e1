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
    // A small pending list (128 kB, default 4 MB): every search reads the pending list entry by entry, so a
    // full default one (thousands of recent intakes) made a 2-character search ~5x slower; without one
    // (fastupdate off) each intake costs ~5x more. Measured with bench:reads.
    return [`CREATE INDEX ${table}_bigrams ON ${table} USING gin (bigrams) WITH (gin_pending_list_limit = 128)`];
  }

  toRow(v: CaseView): Row {
    const content = foldSearchText(`${v.title} ${v.description}`);
    return { id: v.id, content, bigrams: bigramsOf(content) };
  }
}
