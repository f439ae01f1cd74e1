/**
 * Which cases a reader may see: a grid worker those of their grids' enterprises, a handler those their
 * department leads or assists (协办). No scope: every case (dispatchers, supervisors, managers).
 */
export interface CaseScope {
  gridCodes?: readonly string[];
  departmentCode?: string;
}

/** The SQL condition of a scope over `read_case_list` columns (`alias.` prefixed), or null for "all". */
export function caseScopeCondition(scope: CaseScope | undefined, params: unknown[], alias = ''): string | null {
  if (!scope) return null;
  const conditions: string[] = [];
  if (scope.gridCodes) {
    params.push([...scope.gridCodes]);
    conditions.push(`${alias}grid_code = ANY($${params.length}::text[])`);
  }
  if (scope.departmentCode !== undefined) {
    params.push(scope.departmentCode);
    const p = `$${params.length}`;
    conditions.push(`(${alias}department_code = ${p} OR ${alias}assisting_department_codes @> ARRAY[${p}::text])`);
  }
  return conditions.length ? conditions.join(' AND ') : null;
}

/** Where a case stands for access: its enterprise's grid, its lead department and the assisting ones. */
export interface CaseReach {
  gridCode: string;
  departmentCode: string | null;
  assistingDepartmentCodes: readonly string[];
}

/** The same rule as caseScopeCondition, in memory (a command's check, a live message). */
export function caseInScope(scope: CaseScope | undefined, c: CaseReach): boolean {
  if (!scope) return true;
  if (scope.gridCodes && !scope.gridCodes.includes(c.gridCode)) return false;
  if (scope.departmentCode !== undefined && c.departmentCode !== scope.departmentCode && !c.assistingDepartmentCodes.includes(scope.departmentCode)) return false;
  return true;
}
