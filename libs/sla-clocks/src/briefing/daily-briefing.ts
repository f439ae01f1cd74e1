import { shanghaiDate, shanghaiInstant } from '@zhuqi/sla';
import { Pool } from 'pg';

/** One department × category line of the briefing. */
export interface BriefingLine {
  departmentCode: string | null;
  departmentName: string | null;
  categoryCode: string | null;
  categoryName: string | null;
  /** 受理数: cases taken in that day. */
  received: number;
  /** 办结数: cases resolved that day. */
  resolved: number;
  /** 超期数: cases that went overdue that day (response or resolution). */
  overdue: number;
  /** 督办数: supervision orders opened or escalated that day. */
  supervised: number;
}

/** 每日整改简报 for one Shanghai day. */
export interface DailyBriefing {
  date: string;
  generatedAt: string;
  totals: Omit<BriefingLine, 'departmentCode' | 'departmentName' | 'categoryCode' | 'categoryName'>;
  lines: BriefingLine[];
}

const COUNTED: Record<string, keyof DailyBriefing['totals']> = {
  CaseSubmitted: 'received',
  CaseResolved: 'resolved',
  ResponseOverdue: 'overdue',
  ResolutionOverdue: 'overdue',
  SupervisionOpened: 'supervised',
  SupervisionEscalated: 'supervised',
};

/** The day after a `YYYY-MM-DD`. */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * Computes and stores the daily briefing straight from the event log (by business time, Asia/Shanghai
 * day), independent of any read model. A case counts for the department and category it was assigned
 * to at the end of that day (not yet dispatched: no department, the intake's category).
 */
export class DailyBriefings {
  constructor(private readonly pool: Pool) {}

  async compute(date: string, now = new Date()): Promise<DailyBriefing> {
    const from = shanghaiInstant(date, '00:00');
    const to = shanghaiInstant(nextDay(date), '00:00');
    const { rows } = await this.pool.query<{ type: string; department_code: string | null; category_code: string | null; cases: string }>(
      `WITH day_events AS (
         SELECT stream_id, type FROM events
         WHERE stream_type = 'case' AND type = ANY($3) AND occurred_at >= $1 AND occurred_at < $2
       ), assignment AS (
         SELECT DISTINCT ON (e.stream_id) e.stream_id, e.data->>'departmentCode' AS department_code, e.data->>'categoryCode' AS category_code
         FROM events e
         WHERE e.stream_id IN (SELECT stream_id FROM day_events) AND e.type = 'CaseDispatched' AND e.occurred_at < $2
         ORDER BY e.stream_id, e.version DESC
       ), intake AS (
         SELECT e.stream_id, e.data->>'categoryCode' AS category_code
         FROM events e WHERE e.stream_id IN (SELECT stream_id FROM day_events) AND e.version = 1
       )
       SELECT CASE WHEN d.type IN ('ResponseOverdue', 'ResolutionOverdue') THEN 'overdue'
                   WHEN d.type IN ('SupervisionOpened', 'SupervisionEscalated') THEN 'supervised' ELSE d.type END AS type,
              a.department_code, coalesce(a.category_code, i.category_code) AS category_code,
              count(DISTINCT d.stream_id) AS cases
       FROM day_events d
       LEFT JOIN assignment a USING (stream_id)
       LEFT JOIN intake i USING (stream_id)
       GROUP BY 1, 2, 3`,
      [from, to, Object.keys(COUNTED)],
    );
    const names = await this.names();
    const lines = new Map<string, BriefingLine>();
    const totals = { received: 0, resolved: 0, overdue: 0, supervised: 0 };
    for (const row of rows) {
      const key = `${row.department_code}|${row.category_code}`;
      const line = lines.get(key) ?? {
        departmentCode: row.department_code,
        departmentName: row.department_code ? names.departments.get(row.department_code) ?? null : null,
        categoryCode: row.category_code,
        categoryName: row.category_code ? names.categories.get(row.category_code) ?? null : null,
        received: 0,
        resolved: 0,
        overdue: 0,
        supervised: 0,
      };
      const measure = COUNTED[row.type] ?? (row.type as keyof typeof totals);
      line[measure] += Number(row.cases);
      totals[measure] += Number(row.cases);
      lines.set(key, line);
    }
    const sorted = [...lines.values()].sort(
      (a, b) => (a.departmentCode ?? '').localeCompare(b.departmentCode ?? '') || (a.categoryCode ?? '').localeCompare(b.categoryCode ?? ''),
    );
    return { date, generatedAt: now.toISOString(), totals, lines: sorted };
  }

  /** The 08:00 job: stores the briefing of the day that just ended (yesterday, Shanghai time). */
  async generateForYesterday(now = new Date()): Promise<DailyBriefing> {
    const today = shanghaiDate(now);
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    return this.generate(yesterday, now);
  }

  async generate(date: string, now = new Date()): Promise<DailyBriefing> {
    const briefing = await this.compute(date, now);
    await this.pool.query(
      `INSERT INTO daily_briefings (day, body, generated_at) VALUES ($1, $2, $3)
       ON CONFLICT (day) DO UPDATE SET body = EXCLUDED.body, generated_at = EXCLUDED.generated_at`,
      [date, briefing, now],
    );
    return briefing;
  }

  async find(date: string): Promise<DailyBriefing | undefined> {
    const { rows } = await this.pool.query<{ body: DailyBriefing }>(`SELECT body FROM daily_briefings WHERE day = $1`, [date]);
    return rows[0]?.body;
  }

  async latest(): Promise<DailyBriefing | undefined> {
    const { rows } = await this.pool.query<{ body: DailyBriefing }>(`SELECT body FROM daily_briefings ORDER BY day DESC LIMIT 1`);
    return rows[0]?.body;
  }

  private async names(): Promise<{ departments: Map<string, string>; categories: Map<string, string> }> {
    const [d, c] = await Promise.all([
      this.pool.query<{ code: string; name: string }>(`SELECT code, name FROM departments`),
      this.pool.query<{ code: string; name: string }>(`SELECT code, name FROM categories`),
    ]);
    return { departments: new Map(d.rows.map((r) => [r.code, r.name])), categories: new Map(c.rows.map((r) => [r.code, r.name])) };
  }
}
