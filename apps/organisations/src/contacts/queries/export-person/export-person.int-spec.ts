// ExportPersonController on real FerretDB (the export has no handler of its own: the controller reads
// the change logs): everything held under a person id with every stored version, within the
// caller's regions; 404 when nothing is held for them. After an erasure: erase-person.int-spec.ts.
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, requestAs } from '@yp/shared-testing';
import { UpdateContactHandler } from '@organisations/contacts/commands/update-contact/update-contact.handler';
import { RemoveLiaisonOfficerHandler } from '@organisations/liaison-officers/commands/remove-liaison-officer/remove-liaison-officer.handler';
import { INARI, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { ExportPersonController } from './export-person.controller';

describe('ExportPersonController (FerretDB)', () => {
  const { service, a } = useOrganisationsService('export-person');
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  const exportOf = (personId: string, who: Identity = coordinator) =>
    asCaller(who, () => service.get(ExportPersonController).export(personId, requestAs(who)));

  it('exports a contact with every stored version, oldest first, and its current record', async () => {
    const organisation = await a.organisation();
    const contact = await a.contact(organisation.id, { phone: '+358 40 123 4567' });
    const newEmail = `uusi.${contact.id}@example.test`;
    await asCaller(coordinator, () => service.get(UpdateContactHandler).execute(contact.id, { email: newEmail, phone: null }, coordinator));

    const exported = await exportOf(contact.id);
    expect(exported).toMatchObject({ personId: contact.id, complete: true, liaisonOfficers: [] });
    expect(exported.contacts).toHaveLength(1);
    expect(exported.contacts[0]?.current).toMatchObject({ id: contact.id, version: 2, email: newEmail, regions: ['17'] });
    expect(exported.contacts[0]?.current).not.toHaveProperty('phone');
    expect(exported.contacts[0]?.history).toEqual([
      expect.objectContaining({ version: 1, organisationId: organisation.id, email: contact.state.email, phone: '+358 40 123 4567' }),
      expect.not.objectContaining({ phone: expect.anything() as unknown }),
    ]);
    expect(exported.contacts[0]?.history[1]).toMatchObject({ version: 2, email: newEmail, name: contact.state.name, language: 'fi' });
  });

  it('exports a liaison officer appointment with its versions, its end included', async () => {
    const officer = await a.liaisonOfficer({ municipalities: ['564', '305'] });
    await asCaller(coordinator, () => service.get(RemoveLiaisonOfficerHandler).execute(officer.id, coordinator));

    const exported = await exportOf(officer.state.personId, CALLERS.admin);
    expect(exported).toMatchObject({ personId: officer.state.personId, complete: true, contacts: [] });
    expect(exported.liaisonOfficers[0]?.current).toMatchObject({ id: officer.id, version: 2, removedAt: expect.any(String) as string });
    expect(exported.liaisonOfficers[0]?.history.map((h) => [h.version, h.email, h.municipalities])).toEqual([
      [1, officer.state.email, ['564', '305']],
      [2, officer.state.email, ['564', '305']],
    ]);
  });

  it('holds nothing for a coordinator of another region, nor for unknown or malformed ids (404)', async () => {
    const contact = await a.contact((await a.organisation()).id);
    const lapland = await a.liaisonOfficer({ municipalities: [INARI] }, CALLERS.admin);
    for (const [personId, who] of [
      [contact.id, CALLERS.coordinatorLapland],
      [lapland.state.personId, coordinator],
      ['per_00000000000000000000000000000000', CALLERS.admin],
      ['per_../../admin', CALLERS.admin],
    ] as const) {
      await expect(exportOf(personId, who)).rejects.toMatchObject({ code: 'PERSON.NOT_FOUND', status: 404 });
    }
    expect((await exportOf(lapland.state.personId, CALLERS.coordinatorLapland)).liaisonOfficers).toHaveLength(1);
  });
});
