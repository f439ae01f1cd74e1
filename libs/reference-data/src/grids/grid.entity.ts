import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 网格: a slice of a 区块 (block) whose enterprises one grid worker visits. */
@Entity({ name: 'grids' })
export class GridEntity {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  block: string;
}
