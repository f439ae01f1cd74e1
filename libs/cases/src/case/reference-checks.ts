import { Injectable } from '@nestjs/common';
import { ReferenceDataService } from '@zhuqi/reference-data';
import { CaseInputInvalid } from './case.errors';

/** Unknown codes are bad input (400 naming the field), checked before anything is decided or written. */
@Injectable()
export class ReferenceChecks {
  constructor(private readonly referenceData: ReferenceDataService) {}

  async department(field: string, code: string): Promise<void> {
    if (!(await this.referenceData.department(code))) {
      throw new CaseInputInvalid(field, `Unknown department code "${code}"`);
    }
  }

  async departments(field: string, codes: readonly string[]): Promise<void> {
    for (const [index, code] of codes.entries()) await this.department(`${field}.${index}`, code);
  }

  async category(field: string, code: string): Promise<void> {
    if (!(await this.referenceData.category(code))) {
      throw new CaseInputInvalid(field, `Unknown category code "${code}"`);
    }
  }
}
