import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ContactListResponseDto,
  ContactResponseDto,
  CreateContactRequestDto,
  ListContactsQueryDto,
  PERSON_ID_PATTERN,
  UpdateContactRequestDto,
} from '@yp/contracts-http';
import { Allow, EVERY_ROLE } from '@gateway/auth/access-policy.decorator';
import type { Caller } from '@gateway/auth/access-token';
import { CurrentIdentity } from '@gateway/auth/current-identity.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { UpstreamClient } from '@gateway/upstream/upstream.client';

export const PERSON_ID_PARAM = {
  example: 'per_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  schema: { type: 'string', pattern: PERSON_ID_PATTERN.source },
} as const;

/** Ids travel into a URL path: only well-formed ones pass, anything else is a plain 404 upstream. */
export function personPathId(id: string): string {
  return PERSON_ID_PATTERN.test(id) ? id : 'invalid-id';
}

/**
 * Contact persons of organisations: personal data. Readable by every role within the regions of the
 * person's organisation (404 outside them); written by admins and coordinators of those regions.
 * Their name, email and language reach the notifications service on the compacted contacts topic.
 */
@ApiTags('contacts')
@ApiBearerAuth('user')
@Controller('api/v1/contacts')
export class ContactsController {
  private readonly baseUrl: string;

  constructor(
    private readonly upstream: UpstreamClient,
    config: ConfigService,
  ) {
    this.baseUrl = config.getOrThrow<string>('ORGANISATIONS_URL');
  }

  @Post()
  @Allow('admin', 'coordinator')
  @ApiOperation({
    summary: 'Add a contact person (yhteyshenkilö) to an organisation',
    description:
      'The id is the person id (`per_…`), used by the GDPR routes under /api/v1/persons. You must be an admin or a coordinator of the organisation’s regions; ' +
      'an unknown organisationId is a 422. API keys cannot write personal data.',
  })
  @ApiCreatedResponse({ type: ContactResponseDto, headers: { ...ETAG, ...LOCATION } })
  @ApiProblems(400, 401, 403, 413, 415, 422, 503, 429)
  async create(@Body() body: CreateContactRequestDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'POST', path: '/contacts', body, identity }, res);
  }

  @Get()
  @Allow(...EVERY_ROLE)
  @ApiBearerAuth('apiKey')
  @ApiOperation({
    summary: 'List the contact persons of an organisation (cursor pagination)',
    description: 'Personal data: outside your regions, or for an organisation that does not exist, the list is empty.',
  })
  @ApiOkResponse({ type: ContactListResponseDto })
  @ApiProblems(400, 401, 422, 503, 429)
  async list(@Query() query: ListContactsQueryDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: '/contacts', query: { ...query }, identity }, res);
  }

  @Get(':id')
  @Allow(...EVERY_ROLE)
  @ApiBearerAuth('apiKey')
  @ApiOperation({
    summary: 'Get a contact person; the ETag header carries its version',
    description: 'Personal data: only callers of the organisation’s regions see it (404 otherwise).',
  })
  @ApiParam({ name: 'id', description: 'The contact’s person id', ...PERSON_ID_PARAM })
  @ApiOkResponse({ type: ContactResponseDto, headers: ETAG })
  @ApiProblems(401, 404, 503, 429)
  async get(@Param('id') id: string, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: `/contacts/${personPathId(id)}`, identity }, res);
  }

  @Patch(':id')
  @Allow('admin', 'coordinator')
  @ApiOperation({
    summary: 'Change a contact person (partial update)',
    description:
      'Send If-Match with the ETag you read to make the write conditional (412 if it changed meanwhile). `phone` and `title` may be null to remove them. ' +
      'Moving the contact to another organisation needs write access to both.',
  })
  @ApiParam({ name: 'id', description: 'The contact’s person id', ...PERSON_ID_PARAM })
  @ApiHeader({ name: 'If-Match', required: false, example: '"3"' })
  @ApiOkResponse({ type: ContactResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 413, 415, 422, 503, 429)
  async update(
    @Param('id') id: string,
    @Body() body: UpdateContactRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'PATCH', path: `/contacts/${personPathId(id)}`, body, ifMatch, identity }, res);
  }

  @Delete(':id')
  @Allow('admin', 'coordinator')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a contact person (erases their data)',
    description:
      'A contact is personal data held only for the organisation, so removing one erases it, as POST /persons/{personId}/erase does: ' +
      'gone from every read, scrubbed from the change log, tombstoned on the contacts topic, `organisations.contact.erased.v1` published, the organisation moves. ' +
      'Allowed to whoever may change the contact. Send If-Match to make it conditional (412 if it changed meanwhile).',
  })
  @ApiParam({ name: 'id', description: 'The contact’s person id', ...PERSON_ID_PARAM })
  @ApiHeader({ name: 'If-Match', required: false, example: '"3"' })
  @ApiNoContentResponse({ description: 'Removed and erased' })
  @ApiProblems(400, 401, 403, 404, 412, 429, 503)
  async remove(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'DELETE', path: `/contacts/${personPathId(id)}`, ifMatch, identity }, res);
  }
}
