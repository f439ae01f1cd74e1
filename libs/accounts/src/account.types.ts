import type { StaffMember } from '@zhuqi/reference-data';

/**
 * A staff member as the API knows them after login: who, which role, bound to which department (承办人) or
 * grids (网格员) — the `staff` row itself.
 */
export type Account = StaffMember;

/** The account behind a request's access token, with the session (refresh-token family) it belongs to. */
export interface AuthenticatedAccount extends Account {
  sessionId: string;
}

/** An account as the admin sees it: the staff row plus its login state. */
export interface AccountSummary extends Account {
  hasPassword: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
}

/** Where a request came from, for the security audit. */
export interface RequestOrigin {
  address: string | null;
  userAgent: string | null;
  correlationId: string | null;
}
