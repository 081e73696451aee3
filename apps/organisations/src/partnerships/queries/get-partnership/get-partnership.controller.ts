import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { PartnershipResponseDto } from '@yp/contracts-http';
import { partnershipNotFound } from '@organisations/partnerships/partnership.errors';
import { presentPartnership } from '@organisations/partnerships/partnership.presenter';
import { PartnershipRepository } from '@organisations/partnerships/partnership.repository';
import { PARTNERSHIP_ID } from '@organisations/partnerships/partnership.state';

/** Agreements are public register data: everyone who may call the API reads them. A deleted one is a 404. */
@Controller('partnerships')
export class GetPartnershipController {
  constructor(private readonly partnerships: PartnershipRepository) {}

  @Get(':id')
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<PartnershipResponseDto> {
    const found = PARTNERSHIP_ID.test(id) ? await this.partnerships.load(id) : undefined;
    if (!found || found.state.deletedAt) throw partnershipNotFound(id);
    res.setHeader('ETag', `"${found.version}"`);
    return presentPartnership(found);
  }
}
