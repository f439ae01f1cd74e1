import { CreateDailyBriefings1732300500100 } from './migrations/1732300500100-create-daily-briefings';

export * from './briefing/daily-briefing';
export * from './local-calendar';
export * from './sla-clocks';
export * from './sla-clocks.module';
export * from './timers/timer-jobs';
export * from './timers/timer-processor';
export * from './timers/timer-batcher';
export { CreateDailyBriefings1732300500100 };
export const SLA_CLOCKS_MIGRATIONS = [CreateDailyBriefings1732300500100];
