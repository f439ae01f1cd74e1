import { CreateEventStore1732300000000, CreateSubscriptionCheckpoints1732300300000 } from '@zhuqi/event-store';
import { REFERENCE_DATA_ENTITIES, REFERENCE_DATA_MIGRATIONS } from '@zhuqi/reference-data';
import { CASES_MIGRATIONS } from '@zhuqi/cases';
import { SLA_MIGRATIONS } from '@zhuqi/sla';
import { SLA_CLOCKS_MIGRATIONS } from '@zhuqi/sla-clocks';
import { READ_MODELS_MIGRATIONS, STATISTICS_MIGRATIONS } from '@zhuqi/read-models';
import { OPEN311_MIGRATIONS } from '@zhuqi/open311';
import { ACCOUNTS_MIGRATIONS } from '@zhuqi/accounts';

/** Every TypeORM entity and migration of the product, in one list, so that apps, tests and the CLI agree. */
export const ENTITIES = [...REFERENCE_DATA_ENTITIES];

export const MIGRATIONS = [
  CreateEventStore1732300000000,
  ...REFERENCE_DATA_MIGRATIONS,
  ...CASES_MIGRATIONS,
  CreateSubscriptionCheckpoints1732300300000,
  ...SLA_MIGRATIONS,
  ...SLA_CLOCKS_MIGRATIONS,
  ...READ_MODELS_MIGRATIONS,
  ...STATISTICS_MIGRATIONS,
  ...OPEN311_MIGRATIONS,
  ...ACCOUNTS_MIGRATIONS,
];
