import { Body, Controller, Get, Headers, Param, Put, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  isValidSourceId,
  OrganisationResponseDto,
  RegisterOrganisationRequestDto,
  SOURCE_ID_DESCRIPTION,
  SOURCE_ID_PARAM,
} from '@yp/contracts-http';
import { RequestValidationError } from '@yp/shared-bootstrap';
import { Allow, EVERY_ROLE, REGISTER_WRITERS } from '@gateway/auth/access-policy.decorator';
import type { Caller } from '@gateway/auth/access-token';
import { CurrentIdentity } from '@gateway/auth/current-identity.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { UpstreamClient } from '@gateway/upstream/upstream.client';

/**
 * Organisations by the integrator's own identifier, as the national catalogue's write API allows
 * (Suomi.fi PTV: PUT /Organization/sourceId/{sourceId}): a sync can write without first storing our ids.
 */
@ApiTags('organisations')
@ApiBearerAuth('user')
@ApiBearerAuth('apiKey')
@Controller('api/v1/organisations/source')
export class OrganisationSourceController {
  private readonly baseUrl: string;

  constructor(
    private readonly upstream: UpstreamClient,
    config: ConfigService,
  ) {
    this.baseUrl = config.getOrThrow<string>('ORGANISATIONS_URL');
  }

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
  @ApiParam(SOURCE_ID_PARAM)
  @ApiHeader({ name: 'If-Match', required: false, example: '"3"' })
  @ApiCreatedResponse({ type: OrganisationResponseDto, description: 'Created', headers: { ...ETAG, ...LOCATION } })
  @ApiOkResponse({ type: OrganisationResponseDto, description: 'Replaced (or unchanged)', headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 415, 422, 503, 429)
  async upsert(
    @Param('sourceId') sourceId: string,
    @Body() body: RegisterOrganisationRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    if (!isValidSourceId(sourceId))
      throw new RequestValidationError([{ field: 'sourceId', message: `sourceId is invalid. ${SOURCE_ID_DESCRIPTION}` }]);
    await this.upstream.relay(
      this.baseUrl,
      { method: 'PUT', path: `/organisations-source/${encodeURIComponent(sourceId)}`, body, ifMatch, identity },
      res,
    );
  }

  @Get(':sourceId')
  @Allow(...EVERY_ROLE)
  @ApiOperation({
    summary: 'Get the organisation you bound to a source id; the ETag header carries its version',
    description:
      'Only your own source ids (each API key and each user has its own); 404 when none is bound or the organisation was removed.',
  })
  @ApiParam(SOURCE_ID_PARAM)
  @ApiOkResponse({ type: OrganisationResponseDto, headers: ETAG })
  @ApiProblems(401, 404, 503, 429)
  async get(@Param('sourceId') sourceId: string, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    // Malformed ids travel no further: a plain 404 upstream.
    const path = `/organisations-source/${isValidSourceId(sourceId) ? encodeURIComponent(sourceId) : 'invalid%20id'}`;
    await this.upstream.relay(this.baseUrl, { method: 'GET', path, identity }, res);
  }
}
