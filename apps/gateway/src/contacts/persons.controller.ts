import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PersonExportResponseDto } from '@yp/contracts-http';
import { Allow } from '@gateway/auth/access-policy.decorator';
import type { Caller } from '@gateway/auth/access-token';
import { CurrentIdentity } from '@gateway/auth/current-identity.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { UpstreamClient } from '@gateway/upstream/upstream.client';
import { PERSON_ID_PARAM, personPathId } from './contacts.controller';

/** GDPR for contact persons and liaison officers: access (export) and erasure, by person id. */
@ApiTags('persons')
@ApiBearerAuth('user')
@Controller('api/v1/persons')
export class PersonsController {
  private readonly baseUrl: string;

  constructor(
    private readonly upstream: UpstreamClient,
    config: ConfigService,
  ) {
    this.baseUrl = config.getOrThrow<string>('ORGANISATIONS_URL');
  }

  @Get(':personId/export')
  @Allow('admin', 'coordinator')
  @ApiOperation({
    summary: 'Export everything held about a person (GDPR access and portability)',
    description:
      'Their contact-person records and liaison officer appointments, each with every stored version from the change log, as JSON. ' +
      'Administrators get everything; a coordinator gets the records of their regions (`complete: false` when something was left out) and 404 when none is theirs. ' +
      'An erased person is 404.',
  })
  @ApiParam({ name: 'personId', description: 'The person id (`per_…`) of a contact or a liaison officer', ...PERSON_ID_PARAM })
  @ApiOkResponse({ type: PersonExportResponseDto })
  @ApiProblems(401, 403, 404, 503, 429)
  async export(@Param('personId') personId: string, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: `/persons/${personPathId(personId)}/export`, identity }, res);
  }

  @Post(':personId/erase')
  @Allow('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Erase a person (GDPR right to erasure; admins only)',
    description:
      'Removes the person’s personal data from the organisations service — latest state and every change-log version (ids, times and areas stay as audit facts) — ' +
      'writes a tombstone for them on the compacted contacts topic and publishes `organisations.contact.erased.v1`, which every projection honours ' +
      '(notifications drops them and cancels queued emails). Idempotent: erasing an erased person answers 204 again; a person never known is 404.',
  })
  @ApiParam({ name: 'personId', description: 'The person id (`per_…`) of a contact or a liaison officer', ...PERSON_ID_PARAM })
  @ApiNoContentResponse({ description: 'Erased (or already erased)' })
  @ApiProblems(401, 403, 404, 503, 429)
  async erase(@Param('personId') personId: string, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'POST', path: `/persons/${personPathId(personId)}/erase`, identity }, res);
  }
}
