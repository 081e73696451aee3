import { Controller, Get, Param } from '@nestjs/common';
import type { HsdsServiceDto } from '@yp/contracts-http';
import { registerIdOf } from '@organisations/hsds/hsds-ids';
import { hsdsServiceNotFound } from '@organisations/hsds/hsds.errors';
import { presentService } from '@organisations/hsds/hsds.presenter';
import { HsdsRepository } from '@organisations/hsds/hsds.repository';

/** One fully nested service; drafts, withdrawn and not-yet-valid activities do not exist here. */
@Controller('hsds/services')
export class GetServiceController {
  constructor(private readonly hsds: HsdsRepository) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<HsdsServiceDto> {
    const activityId = registerIdOf('act', id);
    const found = activityId ? await this.hsds.service(activityId) : undefined;
    if (!found) throw hsdsServiceNotFound(id);
    return presentService(found.activity.id, found.activity.state, found.organisation);
  }
}
