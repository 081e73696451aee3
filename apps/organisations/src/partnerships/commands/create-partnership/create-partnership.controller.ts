import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CreatePartnershipRequestDto, type PartnershipResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { presentPartnership } from '@organisations/partnerships/partnership.presenter';
import { CreatePartnershipHandler } from './create-partnership.handler';

@Controller('partnerships')
export class CreatePartnershipController {
  constructor(private readonly handler: CreatePartnershipHandler) {}

  @Post()
  @HttpCode(201)
  async create(
    @Body() body: CreatePartnershipRequestDto,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PartnershipResponseDto> {
    const created = await this.handler.execute(body, req.identity!);
    res.setHeader('ETag', `"${created.version}"`);
    res.setHeader('Location', `/api/v1/partnerships/${created.id}`);
    return presentPartnership(created);
  }
}
