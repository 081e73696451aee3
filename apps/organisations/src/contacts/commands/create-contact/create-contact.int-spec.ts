// CreateContactHandler on real FerretDB: the contact at version 1 under a person id, its record on the
// compacted contacts topic queued in the outbox (name, email, language only), the organisation moved,
// and who may add one to which organisation.
import { CONTACT_RECORD_V1, TOPICS } from '@yp/contracts-events';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, problemOf } from '@yp/shared-testing';
import { ContactRepository } from '@organisations/contacts/contact.repository';
import type { ContactState } from '@organisations/contacts/contact.state';
import { INARI, OULU, contactRequest, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { CreateContactHandler } from './create-contact.handler';

describe('CreateContactHandler (FerretDB)', () => {
  const { service, a } = useOrganisationsService('create-contact');
  const contacts = () => service.get(ContactRepository);
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  const create = (request: ReturnType<typeof contactRequest>, who: Identity = coordinator) =>
    asCaller(who, () => service.get(CreateContactHandler).execute(request, who));
  const contactCount = () => contacts().store.changes.countDocuments({});

  it('stores version 1 under a new person id (email in lower case) and queues the person’s contact record', async () => {
    const organisation = await a.organisation({ municipalities: [OULU] });
    const request = contactRequest(organisation.id, { email: 'Maija.Makela@Kylayhdistys.Example.fi', phone: '+358 40 123 4567' });
    const { contact, regions } = await create({ ...request, title: 'Puheenjohtaja' });

    expect(contact.id).toMatch(/^per_[a-f0-9]{32}$/);
    expect(contact.version).toBe(1);
    expect(regions).toEqual(['17']);
    expect(contact.state).toMatchObject({
      personId: contact.id,
      organisationId: organisation.id,
      name: request.name,
      email: 'maija.makela@kylayhdistys.example.fi',
      phone: '+358 40 123 4567',
      title: 'Puheenjohtaja',
      language: 'fi',
    });
    expect(await contacts().store.load(contact.id)).toEqual(contact);

    const [change, ...more] = await changeLog<ContactState>(service.db, 'contacts', contact.id);
    expect(more).toEqual([]);
    // Data minimisation: what notifications needs to address the person, no phone or title.
    expect(change?.records).toEqual([
      expect.objectContaining({
        topic: TOPICS.organisationContacts,
        key: contact.id,
        value: { schema: CONTACT_RECORD_V1, personId: contact.id, name: request.name, email: contact.state.email, language: 'fi' },
      }),
    ]);
  });

  it('moves its organisation (organisation.updated.v1 naming contacts)', async () => {
    const organisation = await a.organisation();
    await create(contactRequest(organisation.id));
    const moved = await a.moved(organisation.id, organisation.version, 'contacts');
    expect(moved.data.changedFields).toEqual(['contacts']);
  });

  it('takes people of every region of the organisation, never keys or liaison officers (403), and writes nothing', async () => {
    const northern = await a.organisation({ municipalities: [OULU] });
    const both = await a.organisation({ municipalities: [OULU, INARI] });
    const before = await contactCount();
    for (const [organisationId, who] of [
      [northern.id, CALLERS.coordinatorLapland],
      [both.id, coordinator],
      [northern.id, CALLERS.integrationNorthOstrobothnia],
      [northern.id, CALLERS.readerNorthOstrobothnia],
      [northern.id, CALLERS.liaisonOfficerNorthOstrobothnia],
    ] as const) {
      await expect(create(contactRequest(organisationId), who)).rejects.toMatchObject({ code: 'CONTACT.REGION_FORBIDDEN', status: 403 });
    }
    expect(await contactCount()).toBe(before);
    expect((await create(contactRequest(both.id), CALLERS.admin)).regions).toEqual(['17', '19']);
  });

  it('refuses an organisation that is unknown or deleted (422 naming organisationId)', async () => {
    const gone = await a.organisation();
    await a.deletedOrganisation(gone.id);
    const before = await contactCount();
    for (const organisationId of ['org_00000000000000000000000000000000', gone.id]) {
      expect(await problemOf(create(contactRequest(organisationId), CALLERS.admin))).toMatchObject({
        status: 422,
        code: 'REQUEST.VALIDATION_FAILED',
        errors: [expect.objectContaining({ field: 'organisationId' })],
      });
    }
    expect(await contactCount()).toBe(before);
  });
});
