import { Controller, Get, Query } from '@nestjs/common';
import { HsdsPageQueryDto, type HsdsOrganizationPageDto } from '@yp/contracts-http';
import { hsdsPage, pageRequest } from '@organisations/hsds/hsds-page';
import { presentOrganization } from '@organisations/hsds/hsds.presenter';
import { HsdsRepository } from '@organisations/hsds/hsds.repository';

/** Every registered (not deleted) organisation (HSDS /organizations). */
@Controller('hsds/organizations')
export class ListOrganizationsController {
  constructor(private readonly hsds: HsdsRepository) {}

  @Get()
  async list(@Query() query: HsdsPageQueryDto): Promise<HsdsOrganizationPageDto> {
    const request = pageRequest(query);
    const { rows, total } = await this.hsds.organizations(request, { modifiedAfter: request.modifiedAfter });
    return hsdsPage(
      request,
      total,
      rows.map((r) => presentOrganization(r.id, r.state)),
    );
  }
}
