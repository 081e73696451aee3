import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { OrganisationResponseDto } from '@yp/contracts-http';
import { organisationNotFound } from '@organisations/organisations/organisation.errors';
import { etagOf, presentOrganisation } from '@organisations/organisations/organisation.presenter';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';

@Controller('organisations')
export class GetOrganisationController {
  constructor(private readonly organisations: OrganisationRepository) {}

  @Get(':id')
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<OrganisationResponseDto> {
    const found = /^org_[a-f0-9]{32}$/.test(id) ? await this.organisations.load(id) : undefined;
    if (!found || found.state.deletedAt) throw organisationNotFound(id);
    res.setHeader('ETag', etagOf(found.version));
    return presentOrganisation(found);
  }
}
