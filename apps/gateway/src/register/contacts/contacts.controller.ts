import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ContactListResponseDto,
  ContactResponseDto,
  CreateContactRequestDto,
  ListContactsQueryDto,
  UpdateContactRequestDto,
} from '@yp/contracts-http';
import { Allow, EVERY_ROLE } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { IfMatch } from '@gateway/upstream/if-match.decorator';
import { OrganisationsUpstream } from '@gateway/upstream/organisations.upstream';
import { ContactId } from '@gateway/register/register-ids';

/**
 * Contact persons of organisations: personal data. Readable by every role within the regions of the
 * person's organisation (404 outside them); written by admins and coordinators of those regions.
 * Their name, email and language reach the notifications service on the compacted contacts topic.
 */
@ApiTags('contacts')
@ApiBearerAuth('user')
@Controller('api/v1/contacts')
export class ContactsController {
  constructor(private readonly organisations: OrganisationsUpstream) {}

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
  create(@Body() body: CreateContactRequestDto, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'POST', '/contacts', { body });
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
  list(@Query() query: ListContactsQueryDto, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', '/contacts', { query });
  }

  @Get(':id')
  @Allow(...EVERY_ROLE)
  @ApiBearerAuth('apiKey')
  @ApiOperation({
    summary: 'Get a contact person; the ETag header carries its version',
    description: 'Personal data: only callers of the organisation’s regions see it (404 otherwise).',
  })
  @ApiOkResponse({ type: ContactResponseDto, headers: ETAG })
  @ApiProblems(401, 404, 503, 429)
  get(@ContactId() id: string, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', `/contacts/${id}`);
  }

  @Patch(':id')
  @Allow('admin', 'coordinator')
  @ApiOperation({
    summary: 'Change a contact person (partial update)',
    description:
      'Send If-Match with the ETag you read to make the write conditional (412 if it changed meanwhile). `phone` and `title` may be null to remove them. ' +
      'Moving the contact to another organisation needs write access to both.',
  })
  @ApiOkResponse({ type: ContactResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 413, 415, 422, 503, 429)
  update(
    @ContactId() id: string,
    @Body() body: UpdateContactRequestDto,
    @IfMatch() ifMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    return this.organisations.relay(res, 'PATCH', `/contacts/${id}`, { body, ifMatch });
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
  @ApiNoContentResponse({ description: 'Removed and erased' })
  @ApiProblems(400, 401, 403, 404, 412, 429, 503)
  remove(@ContactId() id: string, @IfMatch() ifMatch: string | undefined, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'DELETE', `/contacts/${id}`, { ifMatch });
  }
}
