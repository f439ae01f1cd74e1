import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StaffRole } from './staff-role';

@Entity({ name: 'staff' })
export class StaffEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  username: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: StaffRole;

  /** Set for handlers (承办人): the department they work cases for. */
  @Column({ type: 'text', name: 'department_code', nullable: true })
  departmentCode: string | null;

  /** Set for grid workers (网格员): the grids they visit. */
  @Column({ type: 'text', name: 'grid_codes', array: true })
  gridCodes: string[];

  @Column({ type: 'text' })
  phone: string;

  @Column({ type: 'boolean' })
  active: boolean;
}
