import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A problem category (诉求分类) with its SLA: response in minutes, resolution in working days by urgency. */
@Entity({ name: 'categories' })
export class CategoryEntity {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', name: 'default_department_code' })
  defaultDepartmentCode: string;

  @Column({ type: 'integer', name: 'response_minutes' })
  responseMinutes: number;

  @Column({ type: 'smallint', name: 'resolution_days_normal' })
  resolutionDaysNormal: number;

  @Column({ type: 'smallint', name: 'resolution_days_urgent' })
  resolutionDaysUrgent: number;

  @Column({ type: 'smallint', name: 'resolution_days_emergency' })
  resolutionDaysEmergency: number;

  @Column({ type: 'integer', name: 'sort_order' })
  sortOrder: number;
}
