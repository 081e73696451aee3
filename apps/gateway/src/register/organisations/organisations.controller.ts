import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { Allow, EVERY_ROLE, REGISTER_WRITERS } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { IfMatch } from '@gateway/upstream/if-match.decorator';
import { OrganisationsUpstream } from '@gateway/upstream/organisations.upstream';
import { OrganisationId } from '@gateway/register/register-ids';

/** Public surface of the organisations service: validated here, enforced again there. */
@ApiTags('organisations')
@ApiBearerAuth('user')
@ApiBearerAuth('apiKey')
@Controller('api/v1/organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsUpstream) {}

  @Post()
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({
    summary: 'Register a partner organisation',
    description: 'Publishes organisations.organisation.registered.v1; liaison officers of its municipalities are emailed.',
  })
  @ApiCreatedResponse({ type: OrganisationResponseDto, description: 'Created', headers: { ...ETAG, ...LOCATION } })
  @ApiProblems(400, 401, 403, 409, 413, 415, 422, 503, 429)
  register(@Body() body: RegisterOrganisationRequestDto, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'POST', '/organisations', { body });
  }

  @Get()
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'List organisations (cursor pagination, filters)' })
  @ApiOkResponse({ type: OrganisationListResponseDto })
  @ApiProblems(400, 401, 422, 503, 429)
  list(@Query() query: ListOrganisationsQueryDto, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', '/organisations', { query });
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
  changes(@Query() query: ListOrganisationChangesQueryDto, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', '/organisations-changes', { query });
  }

  @Get(':id')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'Get one organisation; the ETag header carries its version' })
  @ApiOkResponse({ type: OrganisationResponseDto, headers: ETAG })
  @ApiProblems(401, 404, 503, 429)
  get(@OrganisationId() id: string, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', `/organisations/${id}`);
  }

  @Patch(':id')
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({
    summary: 'Change an organisation (partial update)',
    description: 'Send If-Match with the ETag you read to make the write conditional (412 if it changed meanwhile).',
  })
  @ApiOkResponse({ type: OrganisationResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 415, 422, 503, 429)
  update(
    @OrganisationId() id: string,
    @Body() body: UpdateOrganisationRequestDto,
    @IfMatch() ifMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    return this.organisations.relay(res, 'PATCH', `/organisations/${id}`, { body, ifMatch });
  }

  @Delete(':id')
  @Allow(...REGISTER_WRITERS)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a mistaken or duplicate organisation',
    description:
      'Leaving the network is status `archived` instead. The change feed keeps a tombstone so integrators delete their copy; the business ID is freed.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(400, 401, 403, 404, 409, 412, 503)
  remove(@OrganisationId() id: string, @IfMatch() ifMatch: string | undefined, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'DELETE', `/organisations/${id}`, { ifMatch });
  }

  @Post(':id/municipalities')
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({ summary: 'Add a municipality to the area an organisation serves' })
  @ApiOkResponse({ type: OrganisationResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 413, 415, 422, 503, 429)
  addMunicipality(@OrganisationId() id: string, @Body() body: AddMunicipalityRequestDto, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'POST', `/organisations/${id}/municipalities`, { body });
  }
}
