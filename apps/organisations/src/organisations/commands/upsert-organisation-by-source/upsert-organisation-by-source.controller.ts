import { Body, Controller, Get, Headers, Param, Put, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RegisterOrganisationRequestDto, type OrganisationResponseDto } from '@yp/contracts-http';
import { parseIfMatch, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { etagOf, presentOrganisation } from '@organisations/organisations/organisation.presenter';
import { UpsertOrganisationBySourceHandler } from './upsert-organisation-by-source.handler';

/** An organisation by the caller's own source id: PUT creates (201) or replaces (200); GET reads. */
@Controller('organisations-source')
export class UpsertOrganisationBySourceController {
  constructor(private readonly handler: UpsertOrganisationBySourceHandler) {}

  @Put(':sourceId')
  async upsert(
    @Param('sourceId') sourceId: string,
    @Body() body: RegisterOrganisationRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrganisationResponseDto> {
    const expected = parseIfMatch(ifMatch);
    const { organisation, created } = await this.handler.execute(sourceId, body, req.identity!, expected);
    res.status(created ? 201 : 200);
    res.setHeader('ETag', etagOf(organisation.version));
    if (created) res.setHeader('Location', `/api/v1/organisations/${organisation.id}`);
    return presentOrganisation(organisation);
  }

  @Get(':sourceId')
  async get(
    @Param('sourceId') sourceId: string,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrganisationResponseDto> {
    const found = await this.handler.find(sourceId, req.identity!);
    res.setHeader('ETag', etagOf(found.version));
    return presentOrganisation(found);
  }
}
