import { Controller, Get, Query } from '@nestjs/common';
import { HsdsPageQueryDto, type HsdsServicePageDto } from '@yp/contracts-http';
import { hsdsPage, pageRequest } from '@organisations/hsds/hsds-page';
import { presentServiceBrief } from '@organisations/hsds/hsds.presenter';
import { HsdsRepository } from '@organisations/hsds/hsds.repository';

/** Published activities inside their validity window, one-to-one fields only (HSDS /services). */
@Controller('hsds/services')
export class ListServicesController {
  constructor(private readonly hsds: HsdsRepository) {}

  @Get()
  async list(@Query() query: HsdsPageQueryDto): Promise<HsdsServicePageDto> {
    const request = pageRequest(query);
    const { rows, total } = await this.hsds.services(request, { modifiedAfter: request.modifiedAfter });
    return hsdsPage(
      request,
      total,
      rows.map((r) => presentServiceBrief(r.id, r.state)),
    );
  }
}
