import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'enterprises' })
export class EnterpriseEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** 统一社会信用代码 */
  @Column({ type: 'text' })
  uscc: string;

  @Column({ type: 'text', name: 'grid_code' })
  gridCode: string;

  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'text' })
  industry: string;

  @Column({ type: 'text', name: 'contact_name' })
  contactName: string;

  @Column({ type: 'text', name: 'contact_phone' })
  contactPhone: string;

  /** 一厂多租: the plant is sublet to several enterprises (a fire-safety focus). */
  @Column({ type: 'boolean', name: 'multi_tenant_plot' })
  multiTenantPlot: boolean;
}
