import type { StaffRole } from './staff/staff-role';

/** Row shapes of the JSON files in `seeds/reference/`: one object per table row, keys = column names. */
export interface DepartmentSeedRow {
  code: string;
  name: string;
  description: string;
  active: boolean;
}

export interface CategorySeedRow {
  code: string;
  name: string;
  default_department_code: string;
  response_minutes: number;
  resolution_days_normal: number;
  resolution_days_urgent: number;
  resolution_days_emergency: number;
  sort_order: number;
}

export interface RoutingRuleSeedRow {
  category_code: string;
  department_code: string;
}

export interface GridSeedRow {
  code: string;
  name: string;
  block: string;
}

export interface EnterpriseSeedRow {
  id: string;
  name: string;
  uscc: string;
  grid_code: string;
  address: string;
  industry: string;
  contact_name: string;
  contact_phone: string;
  multi_tenant_plot: boolean;
}

export interface StaffSeedRow {
  id: string;
  username: string;
  name: string;
  role: StaffRole;
  department_code: string | null;
  grid_codes: string[];
  phone: string;
}

export interface ReferenceSeed {
  departments: DepartmentSeedRow[];
  categories: CategorySeedRow[];
  routingRules: RoutingRuleSeedRow[];
  grids: GridSeedRow[];
  enterprises: EnterpriseSeedRow[];
  staff: StaffSeedRow[];
}
