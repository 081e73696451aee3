import { Body, Controller, Headers, Param, Patch, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UpdatePartnershipRequestDto, type PartnershipResponseDto } from '@yp/contracts-http';
import { parseIfMatch, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { partnershipNotFound } from '@organisations/partnerships/partnership.errors';
import { presentPartnership } from '@organisations/partnerships/partnership.presenter';
import { PARTNERSHIP_ID } from '@organisations/partnerships/partnership.state';
import { UpdatePartnershipHandler } from './update-partnership.handler';

@Controller('partnerships')
export class UpdatePartnershipController {
  constructor(private readonly handler: UpdatePartnershipHandler) {}

  @Patch(':id')
  async update(
    @Param('id') id: string,
    @Body() body: UpdatePartnershipRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PartnershipResponseDto> {
    if (!PARTNERSHIP_ID.test(id)) throw partnershipNotFound(id);
    const updated = await this.handler.execute(id, body, req.identity!, parseIfMatch(ifMatch));
    res.setHeader('ETag', `"${updated.version}"`);
    return presentPartnership(updated);
  }
}
