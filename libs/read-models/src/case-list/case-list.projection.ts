import { CaseView } from '@zhuqi/cases';
import { DeadlinePolicy } from '@zhuqi/sla';
import { CaseViewFolder } from '../case-detail/case-view.folder';
import { READ_MODELS } from '../projections/read-model-names';
import { Row, RowPerStreamProjection, StreamFolder, TableNames } from '../projections/stream-projection';

/**
 * `read_case_list`: one flat row per case for lists, search, the overdue queue, the grid to-do and the
 * statistics (part B reads it: the column names are a contract). Overdue is not stored: it is
 * `open_due_at < now()` at query time, so it never waits for a timer.
 */
export class CaseListProjection extends RowPerStreamProjection<CaseView> {
  readonly name = READ_MODELS.caseList;
  readonly table = 'read_case_list';
  readonly columns = [
    'id', 'case_no', 'status', 'title', 'description', 'enterprise_id', 'enterprise_name', 'grid_code',
    'category_code', 'department_code', 'channel', 'urgency', 'submitted_at', 'dispatched_at',
    'acknowledged_at', 'resolved_at', 'closed_at', 'response_due_at', 'resolution_due_at', 'open_due_at',
    'supervision_level', 'supervision_opened_at', 'supervision_due_at', 'returned_by', 'return_reason',
    'follow_up_due_at', 'follow_up_due', 'reopen_count', 'version', 'last_position', 'updated_at',
    'assisting_department_codes',
  ] as const;

  /** Without a folder: the default deadline rules (enough for the DDL, e.g. in the migration). */
  constructor(readonly folder: StreamFolder<CaseView> = new CaseViewFolder(new DeadlinePolicy())) {
    super();
  }

  createTable(table: string): string {
    return `CREATE TABLE ${table} (
      id                    uuid        PRIMARY KEY,
      case_no               text        NOT NULL,
      status                text        NOT NULL,
      title                 text        NOT NULL,
      description           text        NOT NULL,
      enterprise_id         uuid        NOT NULL,
      enterprise_name       text        NOT NULL,
      grid_code             text        NOT NULL,
      category_code         text,
      department_code       text,
      channel               text        NOT NULL,
      urgency               text        NOT NULL,
      submitted_at          timestamptz NOT NULL,
      dispatched_at         timestamptz,
      acknowledged_at       timestamptz,
      resolved_at           timestamptz,
      closed_at             timestamptz,
      response_due_at       timestamptz,
      resolution_due_at     timestamptz,
      -- the earliest due time still running (response while unacknowledged, resolution while unresolved)
      open_due_at           timestamptz,
      supervision_level     smallint,
      supervision_opened_at timestamptz,
      supervision_due_at    timestamptz,
      returned_by           text,
      return_reason         text,
      follow_up_due_at      timestamptz,
      follow_up_due         boolean     NOT NULL,
      reopen_count          integer     NOT NULL,
      version               integer     NOT NULL,
      last_position         bigint      NOT NULL,
      updated_at            timestamptz NOT NULL,
      -- 协办: the departments owing the lead their input in the current dispatch (a handler's list shows them)
      assisting_department_codes text[] NOT NULL DEFAULT '{}'
    )`;
  }

  createIndexes(t: TableNames): string[] {
    const table = t(this.table);
    return [
      `CREATE INDEX ${table}_submitted ON ${table} (submitted_at DESC, id)`,
      `CREATE INDEX ${table}_status ON ${table} (status, submitted_at DESC)`,
      `CREATE INDEX ${table}_department ON ${table} (department_code, status, submitted_at DESC)`,
      `CREATE INDEX ${table}_category ON ${table} (category_code, submitted_at DESC)`,
      `CREATE INDEX ${table}_open_due ON ${table} (open_due_at, id) WHERE open_due_at IS NOT NULL`,
      `CREATE INDEX ${table}_supervised ON ${table} (supervision_level) WHERE supervision_level IS NOT NULL`,
      `CREATE INDEX ${table}_follow_up ON ${table} (grid_code, follow_up_due_at) WHERE status = 'resolved'`,
      `CREATE INDEX ${table}_assisting ON ${table} USING gin (assisting_department_codes)`,
      // The statistics' open terms (waiting for 签收 past the response limit, open past the deadline), read
      // from the index alone with the columns they group by; a department's overdue queue.
      ...CASE_LIST_STATISTICS_INDEXES(table),
      ...CASE_LIST_GRID_INDEXES(table),
      // 全文检索 has its own table, written once per case (read_case_search): a text index here would take
      // new entries at every event of the case.
    ];
  }

  toRow(v: CaseView): Row {
    const supervision = v.supervision && !v.supervision.signedOffAt ? v.supervision : null;
    return {
      id: v.id,
      case_no: v.caseNo,
      status: v.status,
      title: v.title,
      description: v.description,
      enterprise_id: v.enterprise.id,
      enterprise_name: v.enterprise.name,
      grid_code: v.enterprise.gridCode,
      category_code: v.categoryCode,
      department_code: v.departmentCode,
      channel: v.channel,
      urgency: v.urgency,
      submitted_at: v.submittedAt,
      dispatched_at: v.dispatchedAt,
      acknowledged_at: v.acknowledgedAt,
      resolved_at: v.resolvedAt,
      closed_at: v.closedAt,
      response_due_at: v.responseDueAt,
      resolution_due_at: v.resolutionDueAt,
      open_due_at: openDueAt(v),
      supervision_level: supervision?.level ?? null,
      supervision_opened_at: supervision?.openedAt ?? null,
      supervision_due_at: supervision?.dueAt ?? null,
      returned_by: v.status === 'returned' ? v.returnedBy : null,
      return_reason: v.status === 'returned' ? v.returnReason : null,
      follow_up_due_at: v.followUpDueAt,
      follow_up_due: v.status === 'resolved' && v.followUpDue,
      reopen_count: v.reopenCount,
      version: v.version,
      last_position: v.lastPosition,
      updated_at: v.updatedAt,
      assisting_department_codes: v.assistingDepartments.map((a) => a.departmentCode),
    };
  }
}

/**
 * Indexes over the open cases only: the statistics' counts and a department's overdue queue (also added to
 * existing tables by a migration).
 */
export const CASE_LIST_STATISTICS_INDEXES = (table: string) => [
  `CREATE INDEX IF NOT EXISTS ${table}_department_open_due ON ${table} (department_code, open_due_at) WHERE open_due_at IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS ${table}_waiting_due ON ${table} (response_due_at)
     INCLUDE (resolution_due_at, category_code, department_code, grid_code, channel) WHERE status = 'dispatched'`,
  `CREATE INDEX IF NOT EXISTS ${table}_handling_due ON ${table} (resolution_due_at)
     INCLUDE (status, response_due_at, category_code, department_code, grid_code, channel) WHERE status IN ('dispatched', 'acknowledged')`,
];

/**
 * A grid's cases newest first (a grid worker's list, "grid + since"; its page and its count read this index
 * alone: with (grid_code, status) a grid and a date range counted 12,879 of 1M cases in ~100–300 ms by
 * intersecting bitmaps), and a grid's returned cases (the to-do; few rows at any time). Replace
 * `${table}_grid (grid_code, status)` (dropped by the migration that adds these).
 */
export const CASE_LIST_GRID_INDEXES = (table: string) => [
  `CREATE INDEX IF NOT EXISTS ${table}_grid_submitted ON ${table} (grid_code, submitted_at DESC, id DESC)`,
  `CREATE INDEX IF NOT EXISTS ${table}_grid_returned ON ${table} (grid_code, updated_at) WHERE status = 'returned'`,
];

/** 超期 is judged against this: the response due time until 签收, then the resolution due time until 办结. */
function openDueAt(v: CaseView): string | null {
  if (v.status === 'dispatched') {
    const dues = [v.responseDueAt, v.resolutionDueAt].filter((d): d is string => d !== null);
    return dues.sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
  }
  if (v.status === 'acknowledged') return v.resolutionDueAt;
  return null;
}
