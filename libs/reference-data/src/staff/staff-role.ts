/** 网格员, 受理/派单员, 承办人, 督查督办, 管委会领导, system administrator. */
export const STAFF_ROLES = ['grid_worker', 'dispatcher', 'handler', 'supervisor', 'manager', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
