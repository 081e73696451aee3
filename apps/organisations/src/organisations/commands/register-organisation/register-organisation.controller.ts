import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RegisterOrganisationRequestDto, type OrganisationResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { etagOf, presentOrganisation } from '@organisations/organisations/organisation.presenter';
import { RegisterOrganisationHandler } from './register-organisation.handler';

@Controller('organisations')
export class RegisterOrganisationController {
  constructor(private readonly handler: RegisterOrganisationHandler) {}

  @Post()
  @HttpCode(201)
  async register(
    @Body() body: RegisterOrganisationRequestDto,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrganisationResponseDto> {
    const created = await this.handler.execute(body, req.identity!);
    res.setHeader('ETag', etagOf(created.version));
    res.setHeader('Location', `/api/v1/organisations/${created.id}`);
    return presentOrganisation(created);
  }
}
