import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

type Value = unknown;

/** One value in COPY's text format: `\N` for null, backslash escapes for the characters COPY reserves. */
export function copyText(value: Value): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'boolean') return value ? 't' : 'f';
  else if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  else if (value instanceof Date) return value.toISOString();
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) text = arrayLiteral(value as string[]);
  else text = JSON.stringify(value);
  return /[\\\n\r\t]/.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]) : text;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A text[] literal (`{"a","b"}`): every element quoted, `"` and `\` escaped. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * Appends `rows` to `table` with COPY FROM STDIN (text format): the fastest way into PostgreSQL, used by a
 * rebuild to fill its fresh tables. Values as in JSON rows (strings, numbers, booleans, null, ISO times,
 * objects as JSON for jsonb, string arrays for text[]).
 */
export async function copyRows(client: PoolClient, table: string, columns: readonly string[], rows: readonly Record<string, Value>[]): Promise<void> {
  let text = '';
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i];
    text += copyText(row[columns[0]]);
    for (let c = 1; c < columns.length; c += 1) text += `\t${copyText(row[columns[c]])}`;
    text += '\n';
  }
  await copyLines(client, table, columns, text);
}

/** Appends rows already in COPY's text format (one line each, `\n`-terminated) to `table`. */
export async function copyLines(client: PoolClient, table: string, columns: readonly string[], text: string): Promise<void> {
  if (text.length === 0) return;
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from([Buffer.from(text)]), sink);
}
