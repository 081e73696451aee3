import { Body, Controller, Headers, Param, Patch, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UpdateOrganisationRequestDto, type OrganisationResponseDto } from '@yp/contracts-http';
import { parseIfMatch, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { etagOf, presentOrganisation } from '@organisations/organisations/organisation.presenter';
import { UpdateOrganisationHandler } from './update-organisation.handler';

@Controller('organisations')
export class UpdateOrganisationController {
  constructor(private readonly handler: UpdateOrganisationHandler) {}

  @Patch(':id')
  async update(
    @Param('id') id: string,
    @Body() body: UpdateOrganisationRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrganisationResponseDto> {
    const expected = parseIfMatch(ifMatch);
    const updated = await this.handler.execute(id, body, req.identity!, expected);
    res.setHeader('ETag', etagOf(updated.version));
    return presentOrganisation(updated);
  }
}
