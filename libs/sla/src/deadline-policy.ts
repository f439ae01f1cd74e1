import { shanghaiDate, shanghaiInstant, WorkingCalendar } from './working-calendar';

export interface DeadlineSettings {
  /** End of the service day, `HH:mm` Asia/Shanghai: a working-day deadline falls due then. */
  serviceDayEnd: string;
  /** Replaces every working-day resolution limit by this many wall-clock seconds (demos, tests). */
  resolutionSecondsOverride?: number;
  /** Overrides every response limit (seconds). */
  responseSecondsOverride?: number;
  /** Working days an assisting department (协办) has to give its input. */
  assistWorkingDays: number;
}

export const DEFAULT_DEADLINE_SETTINGS: DeadlineSettings = { serviceDayEnd: '17:30', assistWorkingDays: 3 };

/**
 * Turns limits into due instants. Pure (given the calendar data), so the case decisions can use it.
 * A limit of N working days falls due at the end of the service day of the N-th working day after
 * the day the clock starts (the starting day itself is not counted).
 */
export class DeadlinePolicy {
  constructor(
    readonly calendar: WorkingCalendar = new WorkingCalendar(),
    readonly settings: DeadlineSettings = DEFAULT_DEADLINE_SETTINGS,
  ) {}

  responseDueAt(from: Date, limitMinutes: number): Date {
    const seconds = this.settings.responseSecondsOverride ?? limitMinutes * 60;
    return new Date(from.getTime() + seconds * 1000);
  }

  resolutionDueAt(from: Date, workingDays: number): Date {
    if (this.settings.resolutionSecondsOverride !== undefined) {
      return new Date(from.getTime() + this.settings.resolutionSecondsOverride * 1000);
    }
    return this.workingDaysAfter(from, workingDays);
  }

  assistDueAt(from: Date): Date {
    return this.workingDaysAfter(from, this.settings.assistWorkingDays);
  }

  /** An approved extension of N working days moves the deadline N working days further. */
  extend(dueAt: Date, workingDays: number): Date {
    if (this.settings.resolutionSecondsOverride !== undefined) {
      return new Date(dueAt.getTime() + this.settings.resolutionSecondsOverride * 1000);
    }
    return this.workingDaysAfter(dueAt, workingDays);
  }

  workingDaysAfter(from: Date, workingDays: number): Date {
    const day = this.calendar.addWorkingDays(shanghaiDate(from), workingDays);
    return shanghaiInstant(day, this.settings.serviceDayEnd);
  }
}
