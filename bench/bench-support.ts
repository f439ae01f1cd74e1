/** What every benchmark script shares: its arguments, its own database, and the statistics it reports. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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

/**
 * CPU seconds (user + system) spent so far by a PostgreSQL server we started: the postmaster, its live
 * children (backends, walwriter, checkpointer…) and the children it has reaped (their time lands in its
 * cutime/cstime). Read from /proc (Linux); null when the server is not ours or /proc is missing.
 * Contention on a shared machine inflates wall time but hardly CPU time per unit of work.
 */
export function serverCpuSeconds(dataDir: string): number | null {
  try {
    const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const ticks = 100; // USER_HZ on Linux
    const stat = (pid: string) => {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // fields after the command (which may contain spaces) in parentheses
      return text.slice(text.lastIndexOf(')') + 2).split(' ');
    };
    const own = stat(String(postmaster));
    // fields (1-based in proc(5)): 14 utime, 15 stime, 16 cutime, 17 cstime; `own` starts at field 3
    let total = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid) || Number(pid) === postmaster) continue;
      try {
        const f = stat(pid);
        if (Number(f[1]) === postmaster) total += Number(f[11]) + Number(f[12]);
      } catch {
        // gone meanwhile: its time is now in the postmaster's cutime
      }
    }
    return total / ticks;
  } catch {
    return null;
  }
}

/** CPU seconds of this Node process (user + system, every thread). */
export function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
