import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AddMunicipalityRequestDto, type OrganisationResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { etagOf, presentOrganisation } from '@organisations/organisations/organisation.presenter';
import { AddMunicipalityHandler } from './add-municipality.handler';

@Controller('organisations')
export class AddMunicipalityController {
  constructor(private readonly handler: AddMunicipalityHandler) {}

  @Post(':id/municipalities')
  @HttpCode(200)
  async add(
    @Param('id') id: string,
    @Body() body: AddMunicipalityRequestDto,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrganisationResponseDto> {
    const updated = await this.handler.execute(id, body.code, req.identity!);
    res.setHeader('ETag', etagOf(updated.version));
    return presentOrganisation(updated);
  }
}
