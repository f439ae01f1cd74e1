import { shanghaiDate, shanghaiInstant, WorkingCalendar } from './working-calendar';

/** 服务时间: the hours (Asia/Shanghai, working days) during which a response clock runs. */
export interface ServiceHours {
  start: string;
  end: string;
}

export interface DeadlineSettings {
  /** End of the service day, `HH:mm` Asia/Shanghai: a working-day deadline falls due then. */
  serviceDayEnd: string;
  /** Replaces every working-day resolution limit by this many wall-clock seconds (demos, tests). */
  resolutionSecondsOverride?: number;
  /** Overrides every response limit (seconds). */
  responseSecondsOverride?: number;
  /** Working days an assisting department (协办) has to give its input. */
  assistWorkingDays: number;
  /**
   * When set, a response clock runs only inside these hours on working days: dispatched at night, it
   * starts at the next service start; time left at the end of a service day carries over.
   */
  responseServiceHours?: ServiceHours;
  /** Share of the dispatch→deadline time after which the handler is reminded (0.75 = at 75%). */
  reminderShare?: number;
  /** Working days after resolution until the follow-up call (事后跟踪) is due. */
  followUpWorkingDays?: number;
  /** Replaces the follow-up delay by wall-clock seconds (demos, tests). */
  followUpSecondsOverride?: number;
  /** Working days a supervision order gets again after it escalates a level. */
  escalationWorkingDays?: number;
}

export const DEFAULT_SERVICE_HOURS: ServiceHours = { start: '08:30', end: '17:30' };

export const DEFAULT_DEADLINE_SETTINGS: DeadlineSettings = {
  serviceDayEnd: '17:30',
  assistWorkingDays: 3,
  reminderShare: 0.75,
  followUpWorkingDays: 3,
  escalationWorkingDays: 3,
};

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
    const ms = (this.settings.responseSecondsOverride ?? limitMinutes * 60) * 1000;
    const hours = this.settings.responseServiceHours;
    if (!hours) return new Date(from.getTime() + ms);
    return this.addServiceTime(from, ms, hours);
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

  /** 办结提醒: the configured share of the way from dispatch to the (possibly extended) deadline. */
  reminderAt(dispatchedAt: Date, dueAt: Date): Date {
    const share = this.settings.reminderShare ?? 0.75;
    return new Date(dispatchedAt.getTime() + Math.round((dueAt.getTime() - dispatchedAt.getTime()) * share));
  }

  /** 事后跟踪 falls due a few working days after resolution (end of that service day). */
  followUpDueAt(resolvedAt: Date): Date {
    if (this.settings.followUpSecondsOverride !== undefined) {
      return new Date(resolvedAt.getTime() + this.settings.followUpSecondsOverride * 1000);
    }
    return this.workingDaysAfter(resolvedAt, this.settings.followUpWorkingDays ?? 3);
  }

  /** The new due date of a supervision order that has just risen a level. */
  escalatedSupervisionDueAt(at: Date): Date {
    return this.workingDaysAfter(at, this.settings.escalationWorkingDays ?? 3);
  }

  workingDaysAfter(from: Date, workingDays: number): Date {
    const day = this.calendar.addWorkingDays(shanghaiDate(from), workingDays);
    return shanghaiInstant(day, this.settings.serviceDayEnd);
  }

  /** Adds `ms` of service time: only time inside service hours on working days counts. */
  private addServiceTime(from: Date, ms: number, hours: ServiceHours): Date {
    let remaining = ms;
    let cursor = from.getTime();
    for (;;) {
      const day = this.calendar.nextWorkingDay(shanghaiDate(new Date(cursor)));
      const open = shanghaiInstant(day, hours.start).getTime();
      const close = shanghaiInstant(day, hours.end).getTime();
      if (cursor >= close) {
        // After hours: continue from the next day's opening.
        cursor = shanghaiInstant(this.calendar.addWorkingDays(day, 1), hours.start).getTime();
        continue;
      }
      const start = Math.max(cursor, open);
      if (start + remaining <= close) return new Date(start + remaining);
      remaining -= close - start;
      cursor = close;
    }
  }
}
