/** Asia/Shanghai has no daylight saving time: every business time is UTC+8. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** A W3C (ISO 8601 subset) datetime with the Shanghai offset, e.g. 2026-03-04T09:30:00+08:00. */
export function toW3c(at: string | Date): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return `${new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

// Date, or date and time with seconds optional and an offset required. A '+' sent unencoded in a query
// string arrives as a space, so a space stands for '+' before the offset.
const W3C = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+ -]\d{2}:\d{2}))?$/;

/**
 * Parses start_date / end_date. A date without time is that day's midnight in Asia/Shanghai; a time must
 * carry its offset (the specification requires it). `undefined` when the text is no such datetime.
 */
export function parseW3c(text: string): Date | undefined {
  const m = W3C.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = m;
  const offset = zone === undefined ? '+08:00' : zone === 'Z' ? 'Z' : zone.replace(' ', '+');
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction.slice(0, 4)}${offset}`);
  if (Number.isNaN(date.getTime())) return undefined;
  // 2026-02-30 rolls over into March in Date; refuse it.
  const local = new Date(date.getTime() + offsetMs(offset));
  return local.getUTCDate() === Number(d) ? date : undefined;
}

function offsetMs(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
}
