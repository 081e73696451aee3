// DeleteContactHandler on real FerretDB with the real outbox relay: removing a contact person *is*
// erasing them (the erasure itself is erase-person.int-spec.ts), allowed to whoever may change the
// contact, conditionally; refused without a trace otherwise.
import { CONTACT_ERASED_V1 } from '@yp/contracts-events';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, eventsIn, problemOf } from '@yp/shared-testing';
import { ContactRepository } from '@organisations/contacts/contact.repository';
import type { PersonErasureState } from '@organisations/contacts/erasure/person-erasure.repository';
import { useOrganisationsService } from '@organisations/testing/organisations-testing';
import { DeleteContactHandler } from './delete-contact.handler';

describe('DeleteContactHandler (FerretDB, outbox relay)', () => {
  const { service, a } = useOrganisationsService('delete-contact', { publish: true });
  const contacts = () => service.get(ContactRepository);
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  const remove = (id: string, who: Identity = coordinator, expected?: number) =>
    asCaller(who, () => service.get(DeleteContactHandler).execute(id, who, expected));
  const erasureLog = (personId: string) => changeLog<PersonErasureState>(service.db, 'person_erasures', personId);

  it('erases the contact by a coordinator of its region: gone (404 after), contact.erased.v1 queued, the organisation moves', async () => {
    const organisation = await a.organisation();
    const contact = await a.contact(organisation.id);
    await a.moved(organisation.id, organisation.version, 'contacts'); // for the new contact
    const before = await a.versionOf(organisation.id);

    await remove(contact.id, coordinator, 1);
    expect(await contacts().store.load(contact.id)).toBeUndefined();
    expect(await contacts().store.states.countDocuments({ _id: contact.id })).toBe(0);
    const erasure = await erasureLog(contact.id);
    expect(erasure[0]?.state).toMatchObject({ personId: contact.id, erasedBy: coordinator.actor, contacts: [contact.id] });
    expect(eventsIn(erasure).map((e) => e.type)).toEqual([CONTACT_ERASED_V1]);
    await a.moved(organisation.id, before, 'contacts');

    await expect(remove(contact.id)).rejects.toMatchObject({ code: 'CONTACT.NOT_FOUND', status: 404 });
    expect(eventsIn(await erasureLog(contact.id))).toHaveLength(1);
  });

  it('refuses without a trace: another region (404), keys and liaison officers (403), a stale If-Match (412)', async () => {
    const contact = await a.contact((await a.organisation()).id);
    await expect(remove(contact.id, CALLERS.coordinatorLapland)).rejects.toMatchObject({ code: 'CONTACT.NOT_FOUND', status: 404 });
    for (const who of [CALLERS.integrationNorthOstrobothnia, CALLERS.readerNorthOstrobothnia, CALLERS.liaisonOfficerNorthOstrobothnia]) {
      await expect(remove(contact.id, who)).rejects.toMatchObject({ code: 'CONTACT.REGION_FORBIDDEN', status: 403 });
    }
    expect(await problemOf(remove(contact.id, coordinator, 7))).toMatchObject({
      status: 412,
      code: 'CONTACT.VERSION_MISMATCH',
      currentVersion: 1,
    });
    expect(await contacts().store.load(contact.id)).toEqual(contact);
    expect(await erasureLog(contact.id)).toEqual([]);
    await expect(remove('per_00000000000000000000000000000000')).rejects.toMatchObject({ code: 'CONTACT.NOT_FOUND' });
  });
});
