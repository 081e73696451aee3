import { Body, Controller, Get, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { OrganisationResponseDto, RegisterOrganisationRequestDto, SOURCE_ID_DESCRIPTION } from '@yp/contracts-http';
import { Allow, EVERY_ROLE, REGISTER_WRITERS } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { IfMatch } from '@gateway/upstream/if-match.decorator';
import { OrganisationsUpstream } from '@gateway/upstream/organisations.upstream';
import { SourceId } from '@gateway/register/register-ids';

/**
 * Organisations by the integrator's own identifier, as the national catalogue's write API allows
 * (Suomi.fi PTV: PUT /Organization/sourceId/{sourceId}): a sync can write without first storing our ids.
 */
@ApiTags('organisations')
@ApiBearerAuth('user')
@ApiBearerAuth('apiKey')
@Controller('api/v1/organisations/source')
export class OrganisationSourceController {
  constructor(private readonly organisations: OrganisationsUpstream) {}

  @Put(':sourceId')
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({
    summary: 'Create or replace an organisation by your own source id',
    description:
      `${SOURCE_ID_DESCRIPTION} The first PUT registers the organisation (201, Location, ETag; organisations.organisation.registered.v1), ` +
      'later ones replace the fields the body carries (200; organisations.organisation.updated.v1): optional fields left out are removed; status is not part of the body and stays. ' +
      'An unchanged body answers 200 with the same version and publishes nothing. Concurrent first PUTs of one source id create one organisation. ' +
      'Send If-Match with the ETag you read to make a replacement conditional (412 if it changed meanwhile, or if nothing exists yet). ' +
      'The region rules, validation and business-ID uniqueness (409) of POST and PATCH /api/v1/organisations apply. ' +
      'If the organisation was removed (DELETE), its source id stays bound to it and answers 404: a sync does not bring back an entry removed as a mistake or duplicate.',
  })
  @ApiCreatedResponse({ type: OrganisationResponseDto, description: 'Created', headers: { ...ETAG, ...LOCATION } })
  @ApiOkResponse({ type: OrganisationResponseDto, description: 'Replaced (or unchanged)', headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 415, 422, 503, 429)
  upsert(
    @SourceId({ name: 'sourceId', creates: true }) sourceId: string,
    @Body() body: RegisterOrganisationRequestDto,
    @IfMatch() ifMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    return this.organisations.relay(res, 'PUT', `/organisations-source/${sourceId}`, { body, ifMatch });
  }

  @Get(':sourceId')
  @Allow(...EVERY_ROLE)
  @ApiOperation({
    summary: 'Get the organisation you bound to a source id; the ETag header carries its version',
    description:
      'Only your own source ids (each API key and each user has its own); 404 when none is bound or the organisation was removed.',
  })
  @ApiOkResponse({ type: OrganisationResponseDto, headers: ETAG })
  @ApiProblems(401, 404, 503, 429)
  get(@SourceId({ name: 'sourceId' }) sourceId: string, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', `/organisations-source/${sourceId}`);
  }
}
