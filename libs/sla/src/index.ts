export * from './working-calendar';
export * from './deadline-policy';
import { CreateLocalDaysOff1732300500000 } from './migrations/1732300500000-create-local-days-off';
export { CreateLocalDaysOff1732300500000 };
export const SLA_MIGRATIONS = [CreateLocalDaysOff1732300500000];
