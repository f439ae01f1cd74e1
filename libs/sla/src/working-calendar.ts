import { isWorkday } from 'chinese-days';

/** Asia/Shanghai has no daylight saving time: local time is always UTC+8. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of an instant in Asia/Shanghai. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of `hh:mm` Shanghai time on a Shanghai date. */
export function shanghaiInstant(date: string, time: string): Date {
  return new Date(new Date(`${date}T${time}:00.000Z`).getTime() - SHANGHAI_OFFSET_MS);
}

function nextDate(date: string): string {
  return new Date(new Date(`${date}T00:00:00.000Z`).getTime() + DAY_MS).toISOString().slice(0, 10);
}

/**
 * Working days on the Chinese calendar: public holidays off, 调休 weekend workdays on (data from the
 * `chinese-days` package, kept current by its maintainers), plus local overrides (a zone's own days off
 * or extra workdays) that win over the national calendar.
 */
export class WorkingCalendar {
  constructor(private overrides: ReadonlyMap<string, boolean> = new Map()) {}

  /** Swaps in the zone's current local overrides (reloaded from the admin table while running). */
  replaceOverrides(overrides: ReadonlyMap<string, boolean>): void {
    this.overrides = overrides;
  }

  isWorkingDay(date: string): boolean {
    return this.overrides.get(date) ?? isWorkday(date);
  }

  /** The `n`-th working day after `date` (the day itself does not count); n ≥ 1. */
  addWorkingDays(date: string, n: number): string {
    let current = date;
    let remaining = n;
    while (remaining > 0) {
      current = nextDate(current);
      if (this.isWorkingDay(current)) remaining -= 1;
    }
    return current;
  }

  /** `date` itself when it is a working day, otherwise the next working day. */
  nextWorkingDay(date: string): string {
    let current = date;
    while (!this.isWorkingDay(current)) current = nextDate(current);
    return current;
  }
}
