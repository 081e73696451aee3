import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CreatePartnershipRequestDto,
  ListPartnershipsQueryDto,
  PartnershipListResponseDto,
  PartnershipResponseDto,
  UpdatePartnershipRequestDto,
} from '@yp/contracts-http';
import { Allow, EVERY_ROLE, REGISTER_WRITERS } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { IfMatch } from '@gateway/upstream/if-match.decorator';
import { OrganisationsUpstream } from '@gateway/upstream/organisations.upstream';
import { PartnershipId } from '@gateway/register/register-ids';

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
  constructor(private readonly organisations: OrganisationsUpstream) {}

  @Post()
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({
    summary: 'Record a partnership agreement (as a draft)',
    description: 'Partners must be registered, non-deleted organisations.',
  })
  @ApiCreatedResponse({ type: PartnershipResponseDto, headers: { ...ETAG, ...LOCATION } })
  @ApiProblems(400, 401, 403, 413, 415, 422, 503)
  create(@Body() body: CreatePartnershipRequestDto, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'POST', '/partnerships', { body });
  }

  @Get()
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'List partnership agreements (cursor pagination, filters)' })
  @ApiOkResponse({ type: PartnershipListResponseDto })
  @ApiProblems(400, 401, 422, 503)
  list(@Query() query: ListPartnershipsQueryDto, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', '/partnerships', { query });
  }

  @Get(':id')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'Get one partnership agreement' })
  @ApiOkResponse({ type: PartnershipResponseDto, headers: ETAG })
  @ApiProblems(401, 404, 503)
  get(@PartnershipId() id: string, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', `/partnerships/${id}`);
  }

  @Patch(':id')
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({
    summary: 'Change a partnership agreement (partial update, status transitions)',
    description: 'status: draft → active | cancelled; active → ended | cancelled; any other transition is a 409.',
  })
  @ApiOkResponse({ type: PartnershipResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 415, 422, 503)
  update(
    @PartnershipId() id: string,
    @Body() body: UpdatePartnershipRequestDto,
    @IfMatch() ifMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    return this.organisations.relay(res, 'PATCH', `/partnerships/${id}`, { body, ifMatch });
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
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(400, 401, 403, 404, 412, 503)
  remove(@PartnershipId() id: string, @IfMatch() ifMatch: string | undefined, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'DELETE', `/partnerships/${id}`, { ifMatch });
  }
}
