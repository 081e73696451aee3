import { Controller, Get, Param, Req } from '@nestjs/common';
import type { LiaisonOfficerResponseDto } from '@yp/contracts-http';
import { AppError, canReadRegions, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { presentLiaisonOfficer } from '@organisations/liaison-officers/liaison-officer.presenter';
import { LiaisonOfficerRepository } from '@organisations/liaison-officers/liaison-officer.repository';

@Controller('liaison-officers')
export class GetLiaisonOfficerController {
  constructor(private readonly officers: LiaisonOfficerRepository) {}

  @Get(':id')
  async get(@Param('id') id: string, @Req() req: RequestWithIdentity): Promise<LiaisonOfficerResponseDto> {
    const found = /^lo_[a-f0-9]{32}$/.test(id) ? await this.officers.store.load(id) : undefined;
    // Personal data: outside the caller's regions the officer does not exist for them.
    if (!found || !canReadRegions(req.identity!, found.state.regions))
      throw new AppError('LIAISON_OFFICER.NOT_FOUND', 404, 'Liaison officer not found', `No liaison officer with id ${id}.`);
    return presentLiaisonOfficer(found);
  }
}
