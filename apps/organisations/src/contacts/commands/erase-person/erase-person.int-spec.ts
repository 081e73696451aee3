// ErasePersonHandler on real FerretDB with the real outbox relay (an erasure is final only once every
// scrubbed version is published): no copy of the person left in any collection, the audit facts kept,
// the tombstone and contact.erased.v1 queued once, nothing can revive the record, only admins erase.
import { CONTACT_ERASED_V1, TOPICS } from '@yp/contracts-events';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, requestAs, changeLog, eventsIn, eventually } from '@yp/shared-testing';
import { UpdateContactHandler } from '@organisations/contacts/commands/update-contact/update-contact.handler';
import { ContactRepository } from '@organisations/contacts/contact.repository';
import type { ContactState } from '@organisations/contacts/contact.state';
import { PersonErasureRepository, type PersonErasureState } from '@organisations/contacts/erasure/person-erasure.repository';
import { GetPersonErasureController } from '@organisations/contacts/queries/get-person-erasure/get-person-erasure.controller';
import { ExportPersonController } from '@organisations/contacts/queries/export-person/export-person.controller';
import { RemoveLiaisonOfficerHandler } from '@organisations/liaison-officers/commands/remove-liaison-officer/remove-liaison-officer.handler';
import type { LiaisonOfficerState } from '@organisations/liaison-officers/liaison-officer.state';
import { useOrganisationsService } from '@organisations/testing/organisations-testing';
import { ErasePersonHandler } from './erase-person.handler';

/** The collection methods that send a command to the store. */
const STORE_COMMANDS = [
  'find',
  'findOne',
  'countDocuments',
  'aggregate',
  'insertOne',
  'insertMany',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'bulkWrite',
] as const;

describe('ErasePersonHandler (FerretDB, outbox relay)', () => {
  const { service, a } = useOrganisationsService('erase-person', { publish: true });
  const admin = CALLERS.admin;

  const erase = (personId: string, who: Identity = admin) => asCaller(who, () => service.get(ErasePersonHandler).execute(personId, who));
  const erasureLog = (personId: string) => changeLog<PersonErasureState>(service.db, 'person_erasures', personId);
  /** Waits until the erasure request of `personId` is done (a large group goes on after the answer). */
  const completed = (personId: string) =>
    eventually(
      async () => (await service.get(PersonErasureRepository).planOf(personId))?.completedAt,
      `the erasure request of ${personId} to complete`,
      120_000,
      100,
    );

  /**
   * The collections of the service's database with a document that mentions one of `texts` (any case,
   * also inside queued records, which hold JSON text; "Henkilö 5" does not match "Henkilö 51").
   */
  async function documentsMentioning(...texts: string[]): Promise<string[]> {
    const patterns = texts.map((t) => new RegExp(`${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9])`, 'i'));
    const found: string[] = [];
    for (const { name } of await service.db.listCollections().toArray()) {
      for (const doc of await service.db.collection(name).find({}).toArray()) {
        const json = JSON.stringify(doc);
        if (patterns.some((p) => p.test(json))) found.push(name);
      }
    }
    return found;
  }

  it('erases a contact: every version scrubbed, a last version without state, the tombstone and contact.erased.v1 queued', async () => {
    const organisation = await a.organisation();
    const contact = await a.contact(organisation.id, { phone: '+358 40 123 4567', title: 'Puheenjohtaja' });
    const coordinator = CALLERS.coordinatorNorthOstrobothnia;
    await a.moved(organisation.id, organisation.version, 'contacts'); // for the new contact
    const secondEmail = `toinen.${contact.id}@example.test`;
    const beforeUpdate = await a.versionOf(organisation.id);
    await asCaller(coordinator, () => service.get(UpdateContactHandler).execute(contact.id, { email: secondEmail }, coordinator));
    await a.moved(organisation.id, beforeUpdate, 'contacts'); // for the changed contact
    const organisationBefore = await a.versionOf(organisation.id);
    expect(await documentsMentioning(contact.state.email, secondEmail)).not.toEqual([]);

    await erase(contact.id);

    // No copy of the email or the name anywhere: states, change logs, the outbox markers.
    expect(await documentsMentioning(contact.state.email, secondEmail, contact.state.name)).toEqual([]);
    const versions = await changeLog<ContactState>(service.db, 'contacts', contact.id);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    for (const v of versions.slice(0, 2)) {
      // The audit facts stay (ids, times, the organisation); personal fields are null; no contact record is left queued.
      expect(v.state).toMatchObject({ personId: contact.id, organisationId: organisation.id, createdAt: contact.state.createdAt });
      expect(v.state).toMatchObject({
        name: null,
        email: null,
        phone: null,
        title: null,
        language: null,
        erasedAt: expect.any(String) as string,
      });
      expect(v.records.filter((r) => r.topic === TOPICS.organisationContacts && r.value !== null)).toEqual([]);
    }
    expect(versions[2]?.state).toBeNull();
    expect(await service.get(ContactRepository).store.load(contact.id)).toBeUndefined();

    const [erasure, ...later] = await erasureLog(contact.id);
    expect(erasure?.state).toMatchObject({ personId: contact.id, erasedBy: admin.actor, contacts: [contact.id], liaisonOfficers: [] });
    expect(erasure?.records).toEqual([
      expect.objectContaining({ topic: TOPICS.organisationContacts, key: contact.id, value: null }),
      expect.objectContaining({
        topic: TOPICS.organisations,
        key: contact.id,
        event: expect.objectContaining({
          type: CONTACT_ERASED_V1,
          subject: contact.id,
          data: { personId: contact.id, erasedAt: erasure?.state?.erasedAt },
        }) as unknown,
      }),
    ]);
    expect(eventsIn(later)).toEqual([]);
    // Final once the relay published every scrubbed version (the command waits a moment, a sweep finishes later).
    await eventually(
      async () => (await erasureLog(contact.id)).at(-1)?.state?.verifiedAt,
      'the erasure to be verified as final',
      10_000,
      100,
    );

    // Nothing revives it, and its organisation moved (a contact is gone).
    const coordinatorUpdate = asCaller(coordinator, () =>
      service.get(UpdateContactHandler).execute(contact.id, { name: 'Takaisin' }, coordinator),
    );
    await expect(coordinatorUpdate).rejects.toMatchObject({ code: 'CONTACT.NOT_FOUND', status: 404 });
    const exported = asCaller(admin, () => service.get(ExportPersonController).export(contact.id, requestAs(admin)));
    await expect(exported).rejects.toMatchObject({ code: 'PERSON.NOT_FOUND', status: 404 });
    await a.moved(organisation.id, organisationBefore, 'contacts');
  });

  it('erases a liaison officer: the appointment scrubbed of name, email and language, its areas and events kept', async () => {
    const officer = await a.liaisonOfficer({ healthCentre: 'Oulun sote-keskus' });
    await erase(officer.state.personId);

    expect(await documentsMentioning(officer.state.email, officer.state.name)).toEqual([]);
    const versions = await changeLog<LiaisonOfficerState>(service.db, 'liaison_officers', officer.id);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[0]?.state).toMatchObject({
      liaisonOfficerId: officer.id,
      personId: officer.state.personId,
      municipalities: officer.state.municipalities,
      healthCentre: 'Oulun sote-keskus',
      name: null,
      email: null,
      language: null,
    });
    // The ids-only assignment event stays (an audit fact); the contact record went.
    expect(versions[0]?.records.map((r) => r.event?.type ?? `${r.topic}:${r.value === null ? 'tombstone' : 'record'}`)).toEqual([
      'organisations.liaison-officer.assigned.v1',
    ]);
    expect(versions[1]?.state).toBeNull();
    const coordinator = CALLERS.coordinatorNorthOstrobothnia;
    await expect(
      asCaller(coordinator, () => service.get(RemoveLiaisonOfficerHandler).execute(officer.id, coordinator)),
    ).rejects.toMatchObject({ code: 'LIAISON_OFFICER.NOT_FOUND', status: 404 });
  });

  it('is idempotent: concurrent and repeated erasures leave one erasure and queue its events once', async () => {
    const contact = await a.contact((await a.organisation()).id);
    await Promise.all([erase(contact.id), erase(contact.id)]);
    await erase(contact.id);
    const log = await erasureLog(contact.id);
    expect(log[0]?.version).toBe(1);
    expect(eventsIn(log).map((e) => e.type)).toEqual([CONTACT_ERASED_V1]);
    expect(log.flatMap((c) => c.records).filter((r) => r.topic === TOPICS.organisationContacts)).toHaveLength(1);
  });

  it('erases every record sharing an email in one request, scanning the change logs as often for twelve records as for two', async () => {
    const persons = service.get(PersonErasureRepository);
    const scans = [jest.spyOn(persons.contacts.store.changes, 'find'), jest.spyOn(persons.officers.store.changes, 'find')];
    const scansFor = async (records: number) => {
      const email = `jaettu.${records}.${Date.now()}@example.test`;
      const organisation = await a.organisation();
      const contacts = [];
      for (let i = 0; i < records; i++) contacts.push(await a.contact(organisation.id, { email }));
      for (const spy of scans) spy.mockClear();
      await erase(contacts[0].id);
      await completed(contacts[0].id); // twelve go on in the background
      // Reads other than `_id` point lookups (findOne is find underneath): FerretDB reads the whole log for each.
      const isScan = ([filter]: unknown[]) => typeof (filter as { _id?: unknown } | undefined)?._id !== 'string';
      const count = scans.reduce((n, spy) => n + spy.mock.calls.filter(isScan).length, 0);
      for (const contact of contacts) expect((await erasureLog(contact.id))[0]?.state?.erasedWith).toHaveLength(records - 1);
      expect(await documentsMentioning(email)).toEqual([]);
      return count;
    };
    try {
      expect(await scansFor(12)).toBe(await scansFor(2));
    } finally {
      for (const spy of scans) spy.mockRestore();
    }
  });

  it('answers at once for a large group (the same store commands for 20 records as for 10), then erases all of them in the background', async () => {
    const persons = service.get(PersonErasureRepository);
    // Every command on the collections an erasure reads and writes (the plans aside: two point commands).
    const collections = [persons.contacts.store, persons.officers.store, persons.erasures].flatMap((s) => [s.changes, s.states]);
    const spies = collections.flatMap((c) =>
      STORE_COMMANDS.map((method) => jest.spyOn(c as unknown as Record<string, (...args: unknown[]) => unknown>, method)),
    );
    const status = (personId: string) => asCaller(admin, () => service.get(GetPersonErasureController).get(personId, requestAs(admin)));
    const commandsFor = async (records: number) => {
      const email = `suuri.${records}.${Date.now()}@example.test`;
      const organisation = await a.organisation();
      const contacts = [];
      for (let i = 0; i < records; i++) contacts.push(await a.contact(organisation.id, { email }));
      const asked = contacts[records - 1].id;
      for (const spy of spies) spy.mockClear();
      const answer = await erase(asked);
      const count = spies.reduce((n, spy) => n + spy.mock.calls.length, 0);
      expect(answer).toEqual({ personId: asked, status: 'erasing', total: records, erased: 0 });
      await completed(asked);
      expect(await status(asked)).toEqual({ personId: asked, status: 'erased', total: records, erased: records });
      for (const contact of contacts) expect((await erasureLog(contact.id))[0]?.state?.erasedWith).toHaveLength(records - 1);
      expect(await documentsMentioning(email)).toEqual([]);
      // Asking again is answered as done, at once.
      expect(await erase(asked)).toMatchObject({ status: 'erased', total: records });
      return count;
    };
    try {
      const [forTen, forTwenty] = [await commandsFor(10), await commandsFor(20)];
      expect(forTen).toBeGreaterThan(0); // the count sees the request's commands
      expect(forTwenty).toBe(forTen);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // A person never asked to be erased has no erasure to show; only admins see one.
    const bystander = await a.contact((await a.organisation()).id);
    await expect(status(bystander.id)).rejects.toMatchObject({ code: 'PERSON.ERASURE_NOT_FOUND', status: 404 });
    const coordinator = CALLERS.coordinatorNorthOstrobothnia;
    await expect(
      asCaller(coordinator, () => service.get(GetPersonErasureController).get(bystander.id, requestAs(coordinator))),
    ).rejects.toMatchObject({ code: 'PERSON.ERASURE_FORBIDDEN', status: 403 });
  }, 180_000);

  it('the sweep takes over a large erasure whose instance stopped midway, and leaves one still making progress alone', async () => {
    const persons = service.get(PersonErasureRepository);
    const group = async (name: string) => {
      const email = `${name}.${Date.now()}@example.test`;
      const organisation = await a.organisation();
      const contacts = [];
      for (let i = 0; i < 10; i++) contacts.push(await a.contact(organisation.id, { email }));
      return { email, ids: contacts.map((c) => c.id) };
    };
    const [stopped, running] = [await group('pysahtynyt'), await group('kaynnissa')];
    // What a request had recorded when its instance stopped: the plan, nothing erased, no sign of life
    // for two minutes. The other plan showed progress just now (its instance is erasing it).
    await persons.plan(stopped.ids[0], stopped.ids, admin.actor);
    await service.db
      .collection('person_erasure_plans')
      .updateOne({ _id: stopped.ids[0] as never }, { $set: { activeAt: new Date(Date.now() - 120_000) } });
    await persons.plan(running.ids[0], running.ids, admin.actor);

    expect(await service.get(ErasePersonHandler).takeOverAbandoned()).toEqual([stopped.ids[0]]);
    await completed(stopped.ids[0]);
    for (const id of stopped.ids)
      expect((await erasureLog(id))[0]?.state).toMatchObject({ erasedBy: admin.actor, erasedWith: expect.any(Array) as unknown });
    expect(await documentsMentioning(stopped.email)).toEqual([]);
    expect(await persons.planOf(running.ids[0])).toMatchObject({ erased: 0 });
    expect((await persons.planOf(running.ids[0]))?.completedAt).toBeUndefined();
    expect(await erasureLog(running.ids[0])).toEqual([]);
  }, 120_000);

  it('only admins erase (403); a person never known is 404', async () => {
    const contact = await a.contact((await a.organisation()).id);
    await expect(erase(contact.id, CALLERS.coordinatorNorthOstrobothnia)).rejects.toMatchObject({
      code: 'PERSON.ERASURE_FORBIDDEN',
      status: 403,
    });
    expect(await service.get(ContactRepository).store.load(contact.id)).toEqual(contact);
    await expect(erase('per_00000000000000000000000000000000')).rejects.toMatchObject({ code: 'PERSON.NOT_FOUND', status: 404 });
  });

  it('erasing a liaison officer moves their organisation naming liaison-officers', async () => {
    const organisation = await a.organisation();
    const officer = await a.liaisonOfficer({ organisationId: organisation.id });
    await a.moved(organisation.id, organisation.version, 'liaison-officers');
    const before = await a.versionOf(organisation.id);
    await erase(officer.state.personId);
    await a.moved(organisation.id, before, 'liaison-officers');
  });
});
