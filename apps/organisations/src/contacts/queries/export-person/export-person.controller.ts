import { Controller, Get, Param, Req } from '@nestjs/common';
import type { ContactExportDto, LiaisonOfficerExportDto, PersonExportResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { presentLiaisonOfficer } from '@organisations/liaison-officers/liaison-officer.presenter';
import { ContactAccess } from '@organisations/contacts/contact-access';
import { personNotFound } from '@organisations/contacts/contact.errors';
import { presentContact } from '@organisations/contacts/contact.presenter';
import { PERSON_ID } from '@organisations/contacts/contact.repository';
import { PersonErasureRepository } from '@organisations/contacts/erasure/person-erasure.repository';

/**
 * Everything this service holds about one person (GDPR access and portability): their contact
 * records and liaison officer appointments, each with every stored version from the change log,
 * under this person id and under every other person id with the same email (the same human, as the
 * erasure request sees it: `PersonErasureRepository.sameEmail`).
 * Administrators get all of it; a coordinator gets the records of their regions (`complete: false`
 * when something was left out), and 404 when none is theirs. An erased person is 404: nothing is held.
 */
@Controller('persons')
export class ExportPersonController {
  constructor(
    private readonly persons: PersonErasureRepository,
    private readonly access: ContactAccess,
  ) {}

  @Get(':personId/export')
  async export(@Param('personId') personId: string, @Req() req: RequestWithIdentity): Promise<PersonExportResponseDto> {
    if (!PERSON_ID.test(personId) || (await this.persons.erasures.load(personId))) throw personNotFound(personId);
    const identity = req.identity!;
    const found = await this.persons.aggregatesOfAll(await this.persons.sameEmail(personId));
    let complete = true;

    const contacts: ContactExportDto[] = [];
    for (const id of found.contacts) {
      const current = await this.persons.contacts.store.load(id);
      if (!current) continue;
      const regions = (await this.access.regionsOf(current.state.organisationId)) ?? [];
      if (!this.access.mayRead(identity, regions)) {
        complete = false;
        continue;
      }
      const history = await this.persons.contacts.history(id);
      contacts.push({
        current: presentContact(current, regions),
        history: history.flatMap(({ version, committedAt, state }) =>
          state
            ? [
                {
                  version,
                  committedAt: committedAt.toISOString(),
                  organisationId: state.organisationId,
                  name: state.name,
                  email: state.email,
                  ...(state.phone ? { phone: state.phone } : {}),
                  ...(state.title ? { title: state.title } : {}),
                  language: state.language,
                },
              ]
            : [],
        ),
      });
    }

    const liaisonOfficers: LiaisonOfficerExportDto[] = [];
    for (const id of found.liaisonOfficers) {
      const current = await this.persons.officers.store.load(id);
      if (!current) continue;
      if (!this.access.mayRead(identity, current.state.regions)) {
        complete = false;
        continue;
      }
      const history = await this.persons.officers.history(id);
      liaisonOfficers.push({
        current: presentLiaisonOfficer(current),
        history: history.flatMap(({ version, committedAt, state }) =>
          state
            ? [
                {
                  version,
                  committedAt: committedAt.toISOString(),
                  name: state.name,
                  email: state.email,
                  language: state.language,
                  municipalities: state.municipalities,
                  ...(state.organisationId ? { organisationId: state.organisationId } : {}),
                },
              ]
            : [],
        ),
      });
    }

    if (contacts.length === 0 && liaisonOfficers.length === 0) throw personNotFound(personId);
    return { personId, exportedAt: new Date().toISOString(), contacts, liaisonOfficers, complete };
  }
}
