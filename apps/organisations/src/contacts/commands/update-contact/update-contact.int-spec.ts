// UpdateContactHandler on real FerretDB: partial updates as the next version, the contact record
// re-queued only when what the contacts topic carries changed, no-op patches, moving a contact to
// another organisation (both move), If-Match, and the personal-data region rules.
import { TOPICS } from '@yp/contracts-events';
import type { UpdateContactRequestDto } from '@yp/contracts-http';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, eventsAfter, problemOf } from '@yp/shared-testing';
import type { ContactState } from '@organisations/contacts/contact.state';
import { INARI, given, movedFor, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { UpdateContactHandler } from './update-contact.handler';

describe('UpdateContactHandler (FerretDB)', () => {
  const { service, a } = useOrganisationsService('update-contact');
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  const update = (id: string, patch: UpdateContactRequestDto, who: Identity = coordinator, expected?: number) =>
    asCaller(who, () => service.get(UpdateContactHandler).execute(id, patch, who, expected));
  const history = (id: string) => changeLog<ContactState>(service.db, 'contacts', id);
  const contact = async (extra: Parameters<ReturnType<typeof given>['contact']>[1] = {}) => a.contact((await a.organisation()).id, extra);

  it('applies a partial update as version 2; null removes phone; the record is re-queued for a new email', async () => {
    const created = await contact({ phone: '+358 40 123 4567', title: 'Puheenjohtaja' });
    const { contact: updated, regions } = await update(created.id, { email: 'Uusi.Osoite@Example.test', phone: null });
    expect(updated.version).toBe(2);
    expect(regions).toEqual(['17']);
    expect(updated.state).toMatchObject({ email: 'uusi.osoite@example.test', title: 'Puheenjohtaja' });
    expect(updated.state).not.toHaveProperty('phone');
    expect(updated.state.updatedAt > created.state.updatedAt).toBe(true);
    const changes = await history(created.id);
    expect(changes.map((c) => c.version)).toEqual([1, 2]);
    expect(changes[1]?.state).toEqual(updated.state);
    expect(changes[1]?.records).toEqual([
      expect.objectContaining({
        topic: TOPICS.organisationContacts,
        key: created.id,
        value: expect.objectContaining({ email: 'uusi.osoite@example.test' }) as unknown,
      }),
    ]);
  });

  it('re-queues nothing when only what the topic does not carry changes (title, phone)', async () => {
    const created = await contact();
    expect((await update(created.id, { title: 'Sihteeri', phone: '+358 50 765 4321' })).contact.version).toBe(2);
    expect((await history(created.id))[1]?.records).toEqual([]);
  });

  it('changes nothing when the patch repeats the current values (email compared in lower case)', async () => {
    const created = await contact({ title: 'Sihteeri' });
    const same = await update(created.id, { email: created.state.email.toUpperCase(), title: 'Sihteeri', name: created.state.name });
    expect(same.contact).toEqual(created);
    expect(await history(created.id)).toHaveLength(1);
  });

  it('moves a contact to another organisation of the writer’s regions: both organisations move', async () => {
    const [from, to] = [await a.organisation(), await a.organisation()];
    const created = await a.contact(from.id);
    await a.moved(from.id, from.version, 'contacts'); // for the new contact
    const fromBefore = await a.versionOf(from.id);

    const { contact: moved } = await update(created.id, { organisationId: to.id });
    expect(moved).toMatchObject({ version: 2, state: { organisationId: to.id } });
    await a.moved(to.id, to.version, 'contacts');
    await a.moved(from.id, fromBefore, 'contacts');
  });

  it('refuses a move to an unknown or deleted organisation (422) or one the writer may not write (403)', async () => {
    const created = await contact();
    const [gone, lapland] = [await a.organisation(), await a.organisation({ municipalities: [INARI] })];
    await a.deletedOrganisation(gone.id);
    for (const organisationId of ['org_00000000000000000000000000000000', gone.id]) {
      expect(await problemOf(update(created.id, { organisationId }))).toMatchObject({
        status: 422,
        errors: [expect.objectContaining({ field: 'organisationId' })],
      });
    }
    await expect(update(created.id, { organisationId: lapland.id })).rejects.toMatchObject({
      code: 'CONTACT.REGION_FORBIDDEN',
      status: 403,
    });
    expect(await history(created.id)).toHaveLength(1);
    // An admin may move it across regions; its regions are then the new organisation's.
    expect((await update(created.id, { organisationId: lapland.id }, CALLERS.admin)).regions).toEqual(['19']);
  });

  it('with If-Match: refuses a stale version (412 with the current one) and writes on the current one', async () => {
    const created = await contact();
    expect(await problemOf(update(created.id, { title: 'Sihteeri' }, coordinator, 3))).toMatchObject({
      status: 412,
      code: 'CONTACT.VERSION_MISMATCH',
      currentVersion: 1,
    });
    expect(await history(created.id)).toHaveLength(1);
    expect((await update(created.id, { title: 'Sihteeri' }, coordinator, 1)).contact.version).toBe(2);
  });

  it('outside the caller’s regions the contact does not exist (404); readers of the region may not write it (403)', async () => {
    const created = await contact();
    await expect(update(created.id, { title: 'Kaapattu' }, CALLERS.coordinatorLapland, 99)).rejects.toMatchObject({
      code: 'CONTACT.NOT_FOUND',
      status: 404,
    });
    for (const who of [CALLERS.readerNorthOstrobothnia, CALLERS.integrationNorthOstrobothnia, CALLERS.liaisonOfficerNorthOstrobothnia]) {
      await expect(update(created.id, { title: 'Kaapattu' }, who)).rejects.toMatchObject({ code: 'CONTACT.REGION_FORBIDDEN', status: 403 });
    }
    expect(await history(created.id)).toHaveLength(1);
  });

  it('answers 404 for an unknown contact', async () => {
    await expect(update('per_00000000000000000000000000000000', { title: 'x' })).rejects.toMatchObject({
      code: 'CONTACT.NOT_FOUND',
      status: 404,
    });
  });

  it('a PATCH that changes nothing does not move the organisation; the next real change moves it once', async () => {
    const organisation = await a.organisation();
    const created = await a.contact(organisation.id, { title: 'Sihteeri' });
    await a.moved(organisation.id, organisation.version, 'contacts');
    const before = await a.versionOf(organisation.id);
    await update(created.id, { title: 'Sihteeri' });
    await update(created.id, { title: 'Puheenjohtaja' });
    await a.moved(organisation.id, before, 'contacts');
    expect((await eventsAfter(service.db, 'organisations', organisation.id, before)).filter(movedFor('contacts'))).toHaveLength(1);
  });
});
