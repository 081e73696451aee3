import { Controller, Get, Param } from '@nestjs/common';
import type { LiaisonOfficerResponseDto } from '@yp/contracts-http';
import { AppError } from '@yp/shared-bootstrap';
import { presentLiaisonOfficer } from '../../liaison-officer.presenter';
import { LiaisonOfficerRepository } from '../../liaison-officer.repository';

@Controller('liaison-officers')
export class GetLiaisonOfficerController {
  constructor(private readonly officers: LiaisonOfficerRepository) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<LiaisonOfficerResponseDto> {
    const found = /^lo_[a-f0-9]{32}$/.test(id) ? await this.officers.store.load(id) : undefined;
    if (!found) throw new AppError('LIAISON_OFFICER.NOT_FOUND', 404, 'Liaison officer not found', `No liaison officer with id ${id}.`);
    return presentLiaisonOfficer(found);
  }
}
