/** What every benchmark script shares: its arguments, its own database, and the statistics it reports. */

/** `--cases N` (default `fallback`). */
export function casesArg(fallback = 100_000): number {
  const at = process.argv.indexOf('--cases');
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

/** DATABASE_URL, default the machine's `test` database: where a benchmark connects to create its own. */
export function baseDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** A benchmark's own database beside DATABASE_URL's, never the shared one. */
export function benchDatabaseUrl(database: string): string {
  const url = new URL(baseDatabaseUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** The p-th percentile (nearest rank) of unsorted values. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
