import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ActivityListResponseDto,
  ActivityResponseDto,
  CreateActivityRequestDto,
  ListActivitiesQueryDto,
  UpdateActivityRequestDto,
} from '@yp/contracts-http';
import { Allow, EVERY_ROLE, REGISTER_WRITERS } from '@gateway/auth/access-policy.decorator';
import type { Caller } from '@gateway/auth/access-token';
import { CurrentIdentity } from '@gateway/auth/current-identity.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { UpstreamClient } from '@gateway/upstream/upstream.client';

const ID = /^act_[a-f0-9]{32}$/;
/** Ids travel into a URL path: only well-formed ones pass, anything else is a plain 404 upstream. */
const pathId = (id: string) => (ID.test(id) ? id : 'invalid-id');
const IF_MATCH = { name: 'If-Match', required: false, example: '"3"' };

/**
 * What organisations offer residents. Drafts and withdrawn activities are visible only to people of
 * their regions; integration keys and other regions see published ones inside their validity window.
 */
@ApiTags('activities')
@ApiBearerAuth('user')
@ApiBearerAuth('apiKey')
@Controller('api/v1/activities')
export class ActivitiesController {
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
    summary: 'Create an activity (as a draft)',
    description: 'Moves its organisation’s modification time. Publish it to make it public.',
  })
  @ApiCreatedResponse({ type: ActivityResponseDto, headers: { ...ETAG, ...LOCATION } })
  @ApiProblems(400, 401, 403, 413, 415, 422, 503)
  async create(@Body() body: CreateActivityRequestDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'POST', path: '/activities', body, identity }, res);
  }

  @Get()
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'List the activities you may see (cursor pagination, filters, name search)' })
  @ApiOkResponse({ type: ActivityListResponseDto })
  @ApiProblems(400, 401, 422, 503)
  async list(@Query() query: ListActivitiesQueryDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: '/activities', query: { ...query }, identity }, res);
  }

  @Get(':id')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'Get one activity; a draft of another region is a 404' })
  @ApiOkResponse({ type: ActivityResponseDto, headers: ETAG })
  @ApiProblems(401, 404, 503)
  async get(@Param('id') id: string, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: `/activities/${pathId(id)}`, identity }, res);
  }

  @Patch(':id')
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({ summary: 'Change an activity (partial update)', description: 'A published activity republishes its new state.' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ActivityResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 413, 415, 422, 503)
  async update(
    @Param('id') id: string,
    @Body() body: UpdateActivityRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'PATCH', path: `/activities/${pathId(id)}`, body, ifMatch, identity }, res);
  }

  @Delete(':id')
  @Allow(...REGISTER_WRITERS)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a mistaken or duplicate activity',
    description:
      'Ending an activity is a withdrawal instead. Same rules as PATCH. Afterwards it is 404 for everyone (reads, lists, HSDS, writes, another DELETE). ' +
      'A published one publishes organisations.activity.withdrawn.v1; its organisation gets a new version (changedFields: activities).',
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
    await this.upstream.relay(this.baseUrl, { method: 'DELETE', path: `/activities/${pathId(id)}`, ifMatch, identity }, res);
  }

  @Post(':id/publish')
  @Allow(...REGISTER_WRITERS)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish an activity (draft or withdrawn → published)',
    description: 'Visible to everyone from validFrom until validTo. Publishing a published one changes nothing.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ActivityResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 503)
  async publish(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'POST', path: `/activities/${pathId(id)}/publish`, ifMatch, identity }, res);
  }

  @Post(':id/withdraw')
  @Allow(...REGISTER_WRITERS)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Withdraw a published activity',
    description: 'A draft cannot be withdrawn (409). Withdrawing a withdrawn one changes nothing.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ActivityResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412, 503)
  async withdraw(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'POST', path: `/activities/${pathId(id)}/withdraw`, ifMatch, identity }, res);
  }
}
