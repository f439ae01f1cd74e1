import { SetMetadata } from '@nestjs/common';
import type { StaffRole } from '@zhuqi/reference-data';

/**
 * Who may call a route. The API refuses every route by default; each controller or handler declares its
 * callers with one of these (a handler's declaration wins over its controller's).
 */
export const ACCESS_PUBLIC = 'zhuqi:access:public';
export const ACCESS_ROLES = 'zhuqi:access:roles';

/** Callable without a staff login: health, login, and interfaces that authenticate otherwise (Open311's api_key). */
export const Public = () => SetMetadata(ACCESS_PUBLIC, true);

/** The staff roles that may call a route. */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ACCESS_ROLES, roles);
