import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { NotFound } from '@zhuqi/platform';
import {
  Category,
  Department,
  Enterprise,
  Grid,
  Page,
  ReferenceDataService,
  StaffMember,
} from '@zhuqi/reference-data';
import { Roles } from '../auth/access.decorators';
import { ANY_STAFF } from '../auth/roles';
import { ListStaffQuery } from './dto/list-staff.query';
import { SearchEnterprisesQuery } from './dto/search-enterprises.query';

/** Reference data, for every staff role (phone numbers masked per role). */
@ApiTags('reference data')
@ApiBearerAuth()
@Roles(...ANY_STAFF)
@Controller()
export class ReferenceDataController {
  constructor(private readonly referenceData: ReferenceDataService) {}

  @Get('categories')
  categories(): Promise<Category[]> {
    return this.referenceData.listCategories();
  }

  @Get('departments')
  departments(): Promise<Department[]> {
    return this.referenceData.listDepartments();
  }

  @Get('grids')
  grids(): Promise<Grid[]> {
    return this.referenceData.listGrids();
  }

  @Get('enterprises')
  enterprises(@Query() query: SearchEnterprisesQuery): Promise<Page<Enterprise>> {
    return this.referenceData.searchEnterprises(query);
  }

  @Get('enterprises/:id')
  async enterprise(@Param('id', new ParseUUIDPipe()) id: string): Promise<Enterprise> {
    const enterprise = await this.referenceData.enterprise(id);
    if (!enterprise) throw new NotFound(`No enterprise ${id}`);
    return enterprise;
  }

  @Get('staff')
  staff(@Query() query: ListStaffQuery): Promise<StaffMember[]> {
    return this.referenceData.listStaff({ role: query.role });
  }
}
