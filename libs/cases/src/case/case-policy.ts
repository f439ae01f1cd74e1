import { Injectable } from '@nestjs/common';
import { Clock, EnvConfig } from '@zhuqi/platform';
import { ReferenceDataService } from '@zhuqi/reference-data';
import { DEFAULT_DEADLINE_SETTINGS, DeadlinePolicy, ServiceHours, WorkingCalendar } from '@zhuqi/sla';
import { Urgency } from './case.events';
import { DecisionContext, SlaLimits } from './decision-context';

const FALLBACK_LIMITS: SlaLimits = { responseLimitMinutes: 3, resolutionLimitWorkingDays: 5 };

/**
 * Builds the pure DecisionContext a decision needs: now, the deadline rules (Chinese working days plus
 * the demo overrides of EnvConfig) and the categories' SLA limits from reference data.
 */
@Injectable()
export class CasePolicy {
  readonly deadlines: DeadlinePolicy;

  constructor(
    private readonly clock: Clock,
    private readonly referenceData: ReferenceDataService,
    config: EnvConfig,
  ) {
    this.deadlines = new DeadlinePolicy(new WorkingCalendar(), {
      ...DEFAULT_DEADLINE_SETTINGS,
      responseSecondsOverride: config.SLA_RESPONSE_SECONDS,
      resolutionSecondsOverride: config.SLA_RESOLUTION_SECONDS,
      followUpSecondsOverride: config.FOLLOW_UP_AFTER_SECONDS,
      reminderShare: config.SLA_REMINDER_SHARE,
      responseServiceHours: serviceHoursOf(config),
    });
  }

  async decisionContext(at?: Date): Promise<DecisionContext> {
    const categories = new Map((await this.referenceData.listCategories()).map((c) => [c.code, c]));
    return {
      now: at ?? this.clock.now(),
      deadlines: this.deadlines,
      slaFor: (categoryCode: string, urgency: Urgency): SlaLimits => {
        const category = categories.get(categoryCode);
        if (!category) return FALLBACK_LIMITS;
        return { responseLimitMinutes: category.responseMinutes, resolutionLimitWorkingDays: category.resolutionDays[urgency] };
      },
    };
  }
}

/** 服务时间 of the response clock; none when SLA_RESPONSE_SERVICE_HOURS=false or the limit is overridden for a demo. */
function serviceHoursOf(config: EnvConfig): ServiceHours | undefined {
  if (config.SLA_RESPONSE_SERVICE_HOURS !== 'true' || config.SLA_RESPONSE_SECONDS !== undefined) return undefined;
  const [start, end] = config.SLA_SERVICE_HOURS.split('-');
  return { start, end };
}
