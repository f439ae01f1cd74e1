import type { StaffRole } from './staff/staff-role';
import type { Urgency } from './urgency';

/** The stable JSON shapes of the reference data, as the API and the case handlers see them. */
export interface Department {
  code: string;
  name: string;
  description: string;
  active: boolean;
}

export interface Category {
  code: string;
  name: string;
  defaultDepartmentCode: string;
  responseMinutes: number;
  /** 限时办结: working days to resolve, by urgency (一般/紧急/特急). */
  resolutionDays: Record<Urgency, number>;
  sortOrder: number;
}

export interface RoutingRule {
  categoryCode: string;
  departmentCode: string;
}

export interface Grid {
  code: string;
  name: string;
  block: string;
}

export interface Enterprise {
  id: string;
  name: string;
  uscc: string;
  gridCode: string;
  address: string;
  industry: string;
  contactName: string;
  contactPhone: string;
  multiTenantPlot: boolean;
}

export interface StaffMember {
  id: string;
  username: string;
  name: string;
  role: StaffRole;
  departmentCode: string | null;
  gridCodes: string[];
  phone: string;
  active: boolean;
}

export interface EnterpriseSearch {
  /** A fragment of the name (Chinese works) or of the USCC. */
  q?: string;
  gridCode?: string;
  page?: number;
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
