import { Workbook } from 'exceljs';

/** A report as rows under Chinese column headers, written as CSV or XLSX. */
export interface ExportTable {
  /** Sheet name (Chinese). */
  title: string;
  columns: Array<{ key: string; header: string }>;
  rows: Array<Record<string, unknown>>;
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** CSV that Excel opens with Chinese intact: UTF-8 with a BOM, CRLF line ends (RFC 4180). */
export function toCsv(table: ExportTable): Buffer {
  const lines = [table.columns.map((c) => cell(c.header)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => cell(row[c.key])).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet(table.title.slice(0, 31));
  sheet.columns = table.columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(10, c.header.length * 2 + 2) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
