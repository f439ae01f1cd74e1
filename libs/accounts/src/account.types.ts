import type { StaffRole } from '@zhuqi/reference-data';

/** A staff member as the API knows them after login: who, which role, bound to which department or grids. */
export interface Account {
  id: string;
  username: string;
  name: string;
  role: StaffRole;
  /** 承办人: the department whose cases they act on. */
  departmentCode: string | null;
  /** 网格员: the grids whose enterprises and cases they see. */
  gridCodes: string[];
  phone: string;
  active: boolean;
}

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
