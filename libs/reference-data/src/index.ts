import { CategoryEntity } from './categories/category.entity';
import { RoutingRuleEntity } from './categories/routing-rule.entity';
import { DepartmentEntity } from './departments/department.entity';
import { EnterpriseEntity } from './enterprises/enterprise.entity';
import { GridEntity } from './grids/grid.entity';
import { CreateReferenceData1732300100000 } from './migrations/1732300100000-create-reference-data';
import { StaffEntity } from './staff/staff.entity';

export * from './categories/category.entity';
export * from './categories/routing-rule.entity';
export * from './departments/department.entity';
export * from './enterprises/enterprise.entity';
export * from './enterprises/is-uscc.decorator';
export * from './enterprises/uscc';
export * from './grids/grid.entity';
export * from './migrations/1732300100000-create-reference-data';
export * from './reference-data.module';
export * from './reference-data.service';
export * from './reference-data.types';
export * from './seed-loader';
export * from './seed-rows';
export * from './staff/staff-role';
export * from './staff/staff.entity';
export * from './urgency';

export const REFERENCE_DATA_ENTITIES = [
  DepartmentEntity,
  CategoryEntity,
  RoutingRuleEntity,
  GridEntity,
  EnterpriseEntity,
  StaffEntity,
];

export const REFERENCE_DATA_MIGRATIONS = [CreateReferenceData1732300100000];
