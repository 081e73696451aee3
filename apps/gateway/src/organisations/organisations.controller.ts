import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  AddMunicipalityRequestDto,
  ListOrganisationChangesQueryDto,
  ListOrganisationsQueryDto,
  OrganisationChangeListResponseDto,
  OrganisationListResponseDto,
  OrganisationResponseDto,
  RegisterOrganisationRequestDto,
  UpdateOrganisationRequestDto,
} from '@yp/contracts-http';
import { Allow, EVERY_ROLE, REGISTER_WRITERS } from '@gateway/auth/access-policy.decorator';
import type { Caller } from '@gateway/auth/access-token';
import { CurrentIdentity } from '@gateway/auth/current-identity.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { UpstreamClient } from '@gateway/upstream/upstream.client';

const ID = /^org_[a-f0-9]{32}$/;

/** Public surface of the organisations service: validated here, enforced again there. */
@ApiTags('organisations')
@ApiBearerAuth('user')
@ApiBearerAuth('apiKey')
@Controller('api/v1/organisations')
export class OrganisationsController {
  private readonly baseUrl: string;

  constructor(
    private readonly upstream: UpstreamClient,
    config: ConfigService,
  ) {
    this.baseUrl = config.getOrThrow<string>('ORGANISATIONS_URL');
  }

  @Post()
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({
    summary: 'Register a partner organisation',
    description: 'Publishes organisations.organisation.registered.v1; liaison officers of its municipalities are emailed.',
  })
  @ApiCreatedResponse({ type: OrganisationResponseDto, description: 'Created', headers: { ...ETAG, ...LOCATION } })
  @ApiProblems(400, 401, 403, 409, 413, 415, 422, 503, 429)
  async register(@Body() body: RegisterOrganisationRequestDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'POST', path: '/organisations', body, identity }, res);
  }

  @Get()
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'List organisations (cursor pagination, filters)' })
  @ApiOkResponse({ type: OrganisationListResponseDto })
  @ApiProblems(400, 401, 422, 503, 429)
  async list(@Query() query: ListOrganisationsQueryDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: '/organisations', query: { ...query }, identity }, res);
  }

  @Get('changes')
  @Allow(...EVERY_ROLE)
  @ApiOperation({
    summary: 'Compact change feed for incremental sync: id, version, modification time, tombstones',
    description:
      'Oldest change first, in a stable (updatedAt, id) order. Keep the largest updatedAt you applied and pass it as updatedSince next time; ' +
      '`deleted: true` means remove your copy. Full records: GET /api/v1/organisations?updatedSince=…',
  })
  @ApiOkResponse({ type: OrganisationChangeListResponseDto })
  @ApiProblems(400, 401, 422, 503)
  async changes(@Query() query: ListOrganisationChangesQueryDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: '/organisations-changes', query: { ...query }, identity }, res);
  }

  @Get(':id')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'Get one organisation; the ETag header carries its version' })
  @ApiOkResponse({ type: OrganisationResponseDto, headers: ETAG })
  @ApiProblems(401, 404, 503, 429)
  async get(@Param('id') id: string, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: `/organisations/${pathId(id)}`, identity }, res);
  }

  @Patch(':id')
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({
    summary: 'Change an organisation (partial update)',
    description: 'Send If-Match with the ETag you read to make the write conditional (412 if it changed meanwhile).',
  })
  @ApiHeader({ name: 'If-Match', required: false, example: '"3"' })
  @ApiOkResponse({ type: OrganisationResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 415, 422, 503, 429)
  async update(
    @Param('id') id: string,
    @Body() body: UpdateOrganisationRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'PATCH', path: `/organisations/${pathId(id)}`, body, ifMatch, identity }, res);
  }

  @Delete(':id')
  @Allow(...REGISTER_WRITERS)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a mistaken or duplicate organisation',
    description:
      'Leaving the network is status `archived` instead. The change feed keeps a tombstone so integrators delete their copy; the business ID is freed.',
  })
  @ApiHeader({ name: 'If-Match', required: false, example: '"3"' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(400, 401, 403, 404, 409, 412, 503)
  async remove(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'DELETE', path: `/organisations/${pathId(id)}`, ifMatch, identity }, res);
  }

  @Post(':id/municipalities')
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({ summary: 'Add a municipality to the area an organisation serves' })
  @ApiOkResponse({ type: OrganisationResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 413, 415, 422, 503, 429)
  async addMunicipality(
    @Param('id') id: string,
    @Body() body: AddMunicipalityRequestDto,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'POST', path: `/organisations/${pathId(id)}/municipalities`, body, identity }, res);
  }
}

/** Ids travel into a URL path: only well-formed ones pass, anything else is a plain 404 upstream. */
function pathId(id: string): string {
  return ID.test(id) ? id : 'invalid-id';
}
