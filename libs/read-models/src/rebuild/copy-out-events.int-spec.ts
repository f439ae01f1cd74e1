import { RecordedEvent, UpcasterRegistry } from '@zhuqi/event-store';
import { Pool, PoolClient } from 'pg';
import { EVENT_COLUMNS, EventRow, toRecorded } from '../projections/stream-events';
import { copyOutEvents } from './copy-out-events';

/**
 * A rebuild reads the log with COPY TO STDOUT and splits the text itself: it must see exactly the events a
 * query sees, whatever the payloads hold (COPY's backslash escapes, JSON's own escapes, lines longer than a
 * network chunk). Runs on a temporary `events` table of its session (it hides the real one), so that no
 * other suite's log changes.
 */
describe('reading the log for a rebuild with COPY', () => {
  let pool: Pool;
  let client: PoolClient;

  beforeAll(async () => {
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    client = await pool.connect();
    await client.query(`CREATE TEMP TABLE events (LIKE public.events INCLUDING DEFAULTS)`);
  });
  afterAll(async () => {
    client.release();
    await pool.end();
  });

  it('gives the same events as a query, payloads with tabs, newlines, backslashes, quotes and long texts included', async () => {
    const tricky = ['tab\there', 'line\nbreak\r\n', 'back\\slash \\N \\t', 'quote " and \' ', '消防通道 😀 é', '\\', '', 'x'.repeat(200_000)];
    const rows: Array<[string, number, string, unknown, string]> = [];
    for (let s = 0; s < 40; s += 1) {
      for (let v = 1; v <= 5; v += 1) {
        rows.push([`stream-${String(s).padStart(3, '0')}`, v, v === 1 ? 'CaseSubmitted' : 'Noted', { text: tricky[(s + v) % tricky.length], n: s * v, nested: { a: [1, null, true] } }, `2023-03-0${1 + (v % 9)}T01:02:03.${String(s).padStart(3, '0')}Z`]);
      }
    }
    // inserted out of order: the read orders by stream and version
    for (const [streamId, version, type, data, at] of rows.reverse()) {
      await client.query(
        `INSERT INTO events (stream_id, stream_type, version, type, data, metadata, event_id, occurred_at) VALUES ($1, 'case', $2, $3, $4, '{}', gen_random_uuid(), $5)`,
        [streamId, version, type, JSON.stringify(data), at],
      );
    }
    const upcasters = new UpcasterRegistry();
    const copied: RecordedEvent[] = [];
    let chunks = 0;
    await copyOutEvents(client, `e.stream_type = 'case'`, upcasters, (events) => {
      chunks += 1;
      copied.push(...events);
    });
    const { rows: queried } = await client.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.stream_type = 'case' ORDER BY e.stream_id, e.version`);
    expect(copied).toHaveLength(200);
    expect(chunks).toBeGreaterThan(1);
    expect(copied).toEqual(queried.map((row) => toRecorded(row, upcasters)));
    expect(copied.map((e) => (e.data as { text: string }).text)).toContain('back\\slash \\N \\t');
  });
});
