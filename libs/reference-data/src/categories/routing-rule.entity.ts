import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 分类派发 rule: a case whose intake names this category is dispatched to this department. */
@Entity({ name: 'routing_rules' })
export class RoutingRuleEntity {
  @PrimaryColumn({ type: 'text', name: 'category_code' })
  categoryCode: string;

  @Column({ type: 'text', name: 'department_code' })
  departmentCode: string;
}
