import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An office of the 管委会 that can be the lead (主办) or an assisting (协办) department of a case. */
@Entity({ name: 'departments' })
export class DepartmentEntity {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'boolean' })
  active: boolean;
}
