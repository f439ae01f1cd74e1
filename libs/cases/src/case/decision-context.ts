import { DeadlinePolicy } from '@zhuqi/sla';
import { Urgency } from './case.events';

export interface SlaLimits {
  responseLimitMinutes: number;
  resolutionLimitWorkingDays: number;
}

/** Everything a decision may consult besides the case itself; all of it pure. */
export interface DecisionContext {
  now: Date;
  deadlines: DeadlinePolicy;
  /** The category's limits for an urgency (从分类与紧急程度得出时限). */
  slaFor(categoryCode: string, urgency: Urgency): SlaLimits;
}
