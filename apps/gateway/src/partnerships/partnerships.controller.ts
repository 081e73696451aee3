import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CreatePartnershipRequestDto,
  ListPartnershipsQueryDto,
  PartnershipListResponseDto,
  PartnershipResponseDto,
  UpdatePartnershipRequestDto,
} from '@yp/contracts-http';
import { Allow, EVERY_ROLE, REGISTER_WRITERS } from '@gateway/auth/access-policy.decorator';
import type { Caller } from '@gateway/auth/access-token';
import { CurrentIdentity } from '@gateway/auth/current-identity.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { UpstreamClient } from '@gateway/upstream/upstream.client';

const ID = /^prt_[a-f0-9]{32}$/;
/** Ids travel into a URL path: only well-formed ones pass, anything else is a plain 404 upstream. */
const pathId = (id: string) => (ID.test(id) ? id : 'invalid-id');
const IF_MATCH = { name: 'If-Match', required: false, example: '"3"' };

/**
 * Partnership agreements between a municipality and partner organisations. Public register data:
 * everyone reads; writers need write access to the municipality's region. Ending or cancelling an
 * agreement is a status change (PATCH); DELETE only removes one recorded by mistake.
 */
@ApiTags('partnerships')
@ApiBearerAuth('user')
@ApiBearerAuth('apiKey')
@Controller('api/v1/partnerships')
export class PartnershipsController {
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
    summary: 'Record a partnership agreement (as a draft)',
    description: 'Partners must be registered, non-deleted organisations.',
  })
  @ApiCreatedResponse({ type: PartnershipResponseDto, headers: { ...ETAG, ...LOCATION } })
  @ApiProblems(400, 401, 403, 413, 415, 422, 503)
  async create(@Body() body: CreatePartnershipRequestDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'POST', path: '/partnerships', body, identity }, res);
  }

  @Get()
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'List partnership agreements (cursor pagination, filters)' })
  @ApiOkResponse({ type: PartnershipListResponseDto })
  @ApiProblems(400, 401, 422, 503)
  async list(@Query() query: ListPartnershipsQueryDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: '/partnerships', query: { ...query }, identity }, res);
  }

  @Get(':id')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'Get one partnership agreement' })
  @ApiOkResponse({ type: PartnershipResponseDto, headers: ETAG })
  @ApiProblems(401, 404, 503)
  async get(@Param('id') id: string, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: `/partnerships/${pathId(id)}`, identity }, res);
  }

  @Patch(':id')
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({
    summary: 'Change a partnership agreement (partial update, status transitions)',
    description: 'status: draft → active | cancelled; active → ended | cancelled; any other transition is a 409.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PartnershipResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 415, 422, 503)
  async update(
    @Param('id') id: string,
    @Body() body: UpdatePartnershipRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'PATCH', path: `/partnerships/${pathId(id)}`, body, ifMatch, identity }, res);
  }

  @Delete(':id')
  @Allow(...REGISTER_WRITERS)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a partnership agreement recorded by mistake',
    description:
      'Any status may be removed; ending or cancelling a real agreement is a status change (PATCH) instead. Send If-Match with the ETag you read to make it conditional (412 if it changed meanwhile). ' +
      'Afterwards GET, PATCH and DELETE are 404 and lists leave it out; `organisations.partnership.changed.v1` is published with `deletedAt`.',
  })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(400, 401, 403, 404, 412, 503)
  async remove(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'DELETE', path: `/partnerships/${pathId(id)}`, ifMatch, identity }, res);
  }
}
