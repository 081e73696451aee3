import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ActivityListResponseDto,
  ActivityResponseDto,
  CreateActivityRequestDto,
  ListActivitiesQueryDto,
  UpdateActivityRequestDto,
} from '@yp/contracts-http';
import { Allow, EVERY_ROLE, REGISTER_WRITERS } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { IfMatch } from '@gateway/upstream/if-match.decorator';
import { OrganisationsUpstream } from '@gateway/upstream/organisations.upstream';
import { ActivityId } from '@gateway/register/register-ids';

/**
 * What organisations offer residents. Drafts and withdrawn activities are visible only to people of
 * their regions; integration keys and other regions see published ones inside their validity window.
 */
@ApiTags('activities')
@ApiBearerAuth('user')
@ApiBearerAuth('apiKey')
@Controller('api/v1/activities')
export class ActivitiesController {
  constructor(private readonly organisations: OrganisationsUpstream) {}

  @Post()
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({
    summary: 'Create an activity (as a draft)',
    description: 'Moves its organisation’s modification time. Publish it to make it public.',
  })
  @ApiCreatedResponse({ type: ActivityResponseDto, headers: { ...ETAG, ...LOCATION } })
  @ApiProblems(400, 401, 403, 413, 415, 422, 503)
  create(@Body() body: CreateActivityRequestDto, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'POST', '/activities', { body });
  }

  @Get()
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'List the activities you may see (cursor pagination, filters, name search)' })
  @ApiOkResponse({ type: ActivityListResponseDto })
  @ApiProblems(400, 401, 422, 503)
  list(@Query() query: ListActivitiesQueryDto, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', '/activities', { query });
  }

  @Get(':id')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'Get one activity; a draft of another region is a 404' })
  @ApiOkResponse({ type: ActivityResponseDto, headers: ETAG })
  @ApiProblems(401, 404, 503)
  get(@ActivityId() id: string, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', `/activities/${id}`);
  }

  @Patch(':id')
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({ summary: 'Change an activity (partial update)', description: 'A published activity republishes its new state.' })
  @ApiOkResponse({ type: ActivityResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 413, 415, 422, 503)
  update(
    @ActivityId() id: string,
    @Body() body: UpdateActivityRequestDto,
    @IfMatch() ifMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    return this.organisations.relay(res, 'PATCH', `/activities/${id}`, { body, ifMatch });
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
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(400, 401, 403, 404, 412, 503)
  remove(@ActivityId() id: string, @IfMatch() ifMatch: string | undefined, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'DELETE', `/activities/${id}`, { ifMatch });
  }

  @Post(':id/publish')
  @Allow(...REGISTER_WRITERS)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish an activity (draft or withdrawn → published)',
    description: 'Visible to everyone from validFrom until validTo. Publishing a published one changes nothing.',
  })
  @ApiOkResponse({ type: ActivityResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 503)
  publish(@ActivityId() id: string, @IfMatch() ifMatch: string | undefined, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'POST', `/activities/${id}/publish`, { ifMatch });
  }

  @Post(':id/withdraw')
  @Allow(...REGISTER_WRITERS)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Withdraw a published activity',
    description: 'A draft cannot be withdrawn (409). Withdrawing a withdrawn one changes nothing.',
  })
  @ApiOkResponse({ type: ActivityResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412, 503)
  withdraw(@ActivityId() id: string, @IfMatch() ifMatch: string | undefined, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'POST', `/activities/${id}/withdraw`, { ifMatch });
  }
}
