import { Controller, Get, Param, Req } from '@nestjs/common';
import type { PersonErasureResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { erasureForbidden, erasureNotFound } from '@organisations/contacts/contact.errors';
import { PERSON_ID } from '@organisations/contacts/contact.repository';
import { PersonErasureRepository, erasureProgress } from '@organisations/contacts/erasure/person-erasure.repository';

/**
 * How far the erasure request of a person id got (admins only): `erasing` with the count of person
 * ids of the same email erased so far, or `erased`. Two point lookups (the plan, else the erasure
 * record of a contact removed by DELETE /contacts/{id}, which erases that record alone). 404 when the
 * person was never asked to be erased.
 */
@Controller('persons')
export class GetPersonErasureController {
  constructor(private readonly persons: PersonErasureRepository) {}

  @Get(':personId/erasure')
  async get(@Param('personId') personId: string, @Req() req: RequestWithIdentity): Promise<PersonErasureResponseDto> {
    if (!req.identity!.roles.includes('admin')) throw erasureForbidden();
    if (!PERSON_ID.test(personId)) throw erasureNotFound(personId);
    const plan = await this.persons.planOf(personId);
    if (plan) return erasureProgress(plan);
    if (await this.persons.erasures.load(personId)) return { personId, status: 'erased', total: 1, erased: 1 };
    throw erasureNotFound(personId);
  }
}
