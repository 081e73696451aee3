import { Controller, Get, Param } from '@nestjs/common';
import type { HsdsOrganizationWithServicesDto } from '@yp/contracts-http';
import { registerIdOf } from '@organisations/hsds/hsds-ids';
import { hsdsOrganizationNotFound } from '@organisations/hsds/hsds.errors';
import { presentOrganization, presentServiceBrief } from '@organisations/hsds/hsds.presenter';
import { HsdsRepository } from '@organisations/hsds/hsds.repository';

/** An organisation can have only a few activities, so all its visible services come in one answer. */
const MAX_SERVICES = 1000;

/** One organization with the one-to-one fields of its visible services. */
@Controller('hsds/organizations')
export class GetOrganizationController {
  constructor(private readonly hsds: HsdsRepository) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<HsdsOrganizationWithServicesDto> {
    const organisationId = registerIdOf('org', id);
    const found = organisationId ? await this.hsds.organization(organisationId) : undefined;
    if (!found) throw hsdsOrganizationNotFound(id);
    const { rows } = await this.hsds.services({ skip: 0, limit: MAX_SERVICES }, { organisationId: found.id });
    return { ...presentOrganization(found.id, found.state), services: rows.map((r) => presentServiceBrief(r.id, r.state)) };
  }
}
