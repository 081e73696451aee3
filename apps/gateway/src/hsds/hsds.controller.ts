import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  HsdsOrganizationPageDto,
  HsdsOrganizationWithServicesDto,
  HsdsPageQueryDto,
  HsdsServiceDto,
  HsdsServicePageDto,
} from '@yp/contracts-http';
import { Allow, EVERY_ROLE } from '@gateway/auth/access-policy.decorator';
import type { Caller } from '@gateway/auth/access-token';
import { CurrentIdentity } from '@gateway/auth/current-identity.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { UpstreamClient } from '@gateway/upstream/upstream.client';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Ids travel into a URL path: only UUIDs pass, anything else is a plain 404 upstream. */
const pathId = (id: string) => (UUID.test(id) ? id : 'invalid-id');
const ID_PARAM = { name: 'id', description: 'HSDS id (a UUID)', example: '3f1c9a0e-5b7d-4c2a-9e8f-7a6b5c4d3e2f' };

/**
 * Open Referral HSDS 3.0 export of the published register, for systems that read HSDS: the same
 * data to every caller (published activities inside their validity window; live organisations).
 */
@ApiTags('hsds')
@ApiBearerAuth('user')
@ApiBearerAuth('apiKey')
@Controller('api/v1/hsds')
export class HsdsController {
  private readonly baseUrl: string;

  constructor(
    private readonly upstream: UpstreamClient,
    config: ConfigService,
  ) {
    this.baseUrl = config.getOrThrow<string>('ORGANISATIONS_URL');
  }

  @Get('services')
  @Allow(...EVERY_ROLE)
  @ApiOperation({
    summary: 'HSDS services: published activities inside their validity window (page-number paging, one-to-one fields)',
    description: 'Drafts, withdrawn activities, scheduled ones not yet valid and those of deleted organisations never appear.',
  })
  @ApiOkResponse({ type: HsdsServicePageDto })
  @ApiProblems(401, 422, 503)
  async listServices(@Query() query: HsdsPageQueryDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: '/hsds/services', query: { ...query }, identity }, res);
  }

  @Get('services/:id')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'One HSDS service, fully nested: organization, service areas, schedules, locations, languages, classification' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: HsdsServiceDto })
  @ApiProblems(401, 404, 503)
  async getService(@Param('id') id: string, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: `/hsds/services/${pathId(id)}`, identity }, res);
  }

  @Get('organizations')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'HSDS organizations: every registered organisation (page-number paging)' })
  @ApiOkResponse({ type: HsdsOrganizationPageDto })
  @ApiProblems(401, 422, 503)
  async listOrganizations(@Query() query: HsdsPageQueryDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: '/hsds/organizations', query: { ...query }, identity }, res);
  }

  @Get('organizations/:id')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'One HSDS organization with the one-to-one fields of its visible services' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: HsdsOrganizationWithServicesDto })
  @ApiProblems(401, 404, 503)
  async getOrganization(@Param('id') id: string, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: `/hsds/organizations/${pathId(id)}`, identity }, res);
  }
}
