import { STAFF_ROLES, StaffRole } from '@zhuqi/reference-data';

/** Every staff role: reference data, one's own account. */
export const ANY_STAFF: readonly StaffRole[] = STAFF_ROLES;

/** The roles that read cases (each within its scope: a grid worker their grids, a handler their department). */
export const CASE_READERS: readonly StaffRole[] = ['grid_worker', 'dispatcher', 'handler', 'supervisor', 'manager'];

/** Roles that see contact phone numbers in full (they call enterprises); others see 138****1234. */
export const SEE_CONTACT_PHONES: readonly StaffRole[] = ['grid_worker', 'dispatcher', 'handler', 'supervisor'];

/** Roles that see staff phone numbers in full (they coordinate staff and manage accounts). */
export const SEE_STAFF_PHONES: readonly StaffRole[] = ['dispatcher', 'supervisor', 'admin'];
