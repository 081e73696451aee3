import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  HsdsOrganizationPageDto,
  HsdsOrganizationWithServicesDto,
  HsdsPageQueryDto,
  HsdsServiceDto,
  HsdsServicePageDto,
} from '@yp/contracts-http';
import { Allow, EVERY_ROLE } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { OrganisationsUpstream } from '@gateway/upstream/organisations.upstream';
import { HsdsOrganizationId, HsdsServiceId } from '@gateway/register/register-ids';

/**
 * Open Referral HSDS 3.0 export of the published register, for systems that read HSDS: the same
 * data to every caller (published activities inside their validity window; live organisations).
 */
@ApiTags('hsds')
@ApiBearerAuth('user')
@ApiBearerAuth('apiKey')
@Controller('api/v1/hsds')
export class HsdsController {
  constructor(private readonly organisations: OrganisationsUpstream) {}

  @Get('services')
  @Allow(...EVERY_ROLE)
  @ApiOperation({
    summary: 'HSDS services: published activities inside their validity window (page-number paging, one-to-one fields)',
    description: 'Drafts, withdrawn activities, scheduled ones not yet valid and those of deleted organisations never appear.',
  })
  @ApiOkResponse({ type: HsdsServicePageDto })
  @ApiProblems(401, 422, 503)
  listServices(@Query() query: HsdsPageQueryDto, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', '/hsds/services', { query });
  }

  @Get('services/:id')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'One HSDS service, fully nested: organization, service areas, schedules, locations, languages, classification' })
  @ApiOkResponse({ type: HsdsServiceDto })
  @ApiProblems(401, 404, 503)
  getService(@HsdsServiceId() id: string, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', `/hsds/services/${id}`);
  }

  @Get('organizations')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'HSDS organizations: every registered organisation (page-number paging)' })
  @ApiOkResponse({ type: HsdsOrganizationPageDto })
  @ApiProblems(401, 422, 503)
  listOrganizations(@Query() query: HsdsPageQueryDto, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', '/hsds/organizations', { query });
  }

  @Get('organizations/:id')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'One HSDS organization with the one-to-one fields of its visible services' })
  @ApiOkResponse({ type: HsdsOrganizationWithServicesDto })
  @ApiProblems(401, 404, 503)
  getOrganization(@HsdsOrganizationId() id: string, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', `/hsds/organizations/${id}`);
  }
}
