import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PersonErasureResponseDto, PersonExportResponseDto } from '@yp/contracts-http';
import { Allow } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { LOCATION } from '@gateway/openapi/response-headers';
import { OrganisationsUpstream } from '@gateway/upstream/organisations.upstream';
import { PersonId } from '@gateway/register/register-ids';

/** GDPR for contact persons and liaison officers: access (export) and erasure, by person id. */
@ApiTags('persons')
@ApiBearerAuth('user')
@Controller('api/v1/persons')
export class PersonsController {
  constructor(private readonly organisations: OrganisationsUpstream) {}

  @Get(':personId/export')
  @Allow('admin', 'coordinator')
  @ApiOperation({
    summary: 'Export everything held about a person (GDPR access and portability)',
    description:
      'Their contact-person records and liaison officer appointments, each with every stored version from the change log, as JSON. ' +
      'Administrators get everything; a coordinator gets the records of their regions (`complete: false` when something was left out) and 404 when none is theirs. ' +
      'An erased person is 404.',
  })
  @ApiOkResponse({ type: PersonExportResponseDto })
  @ApiProblems(401, 403, 404, 503, 429)
  export(@PersonId({ name: 'personId' }) personId: string, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', `/persons/${personId}/export`);
  }

  @Post(':personId/erase')
  @Allow('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Erase a person (GDPR right to erasure; admins only)',
    description:
      'Removes the person’s personal data from the organisations service — latest state and every change-log version (ids, times and areas stay as audit facts) — ' +
      'writes a tombstone for them on the compacted contacts topic and publishes `organisations.contact.erased.v1`, which every projection honours ' +
      '(notifications drops them and cancels queued emails). Every other person id with the same email (the same human in another record) is erased with it. ' +
      'Idempotent: erasing an erased person answers 204 again; a person never known is 404. ' +
      'When very many records share the email, the answer comes at once: 202 with the progress and its Location, and the erasure goes on in the background.',
  })
  @ApiNoContentResponse({ description: 'Erased (or already erased), with every other person id of the same email' })
  @ApiAcceptedResponse({
    type: PersonErasureResponseDto,
    headers: LOCATION,
    description: 'Erasing a large group in the background: GET the Location',
  })
  @ApiProblems(401, 403, 404, 503, 429)
  erase(@PersonId({ name: 'personId' }) personId: string, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'POST', `/persons/${personId}/erase`);
  }

  @Get(':personId/erasure')
  @Allow('admin')
  @ApiOperation({
    summary: 'How far the erasure of a person got (admins only)',
    description:
      'status erasing (with the person ids of the same email erased so far) or erased. 404 when the person was never asked to be erased.',
  })
  @ApiOkResponse({ type: PersonErasureResponseDto })
  @ApiProblems(401, 403, 404, 503, 429)
  erasure(@PersonId({ name: 'personId' }) personId: string, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', `/persons/${personId}/erasure`);
  }
}
