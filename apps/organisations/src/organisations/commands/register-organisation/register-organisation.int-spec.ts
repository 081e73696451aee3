// RegisterOrganisationHandler on real FerretDB: the state and change written, the event queued in the
// outbox, region authorisation and the unique business ID (also under concurrent registrations).
import { randomUUID } from 'node:crypto';
import { ORGANISATION_REGISTERED_V1, TOPICS } from '@yp/contracts-events';
import type { Identity } from '@yp/shared-bootstrap';
import { ChangeLogOutbox } from '@yp/shared-persistence';
import { CALLERS, asCaller, changeLog, createServiceTestingModule, type ServiceTestingModule } from '@yp/shared-testing';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import type { OrganisationState } from '@organisations/organisations/organisation.state';
import { INARI, KUUSAMO, OULU, businessId, organisationRequest, organisationsService } from '@organisations/testing/organisations-testing';
import { RegisterOrganisationHandler } from './register-organisation.handler';

describe('RegisterOrganisationHandler (FerretDB)', () => {
  let service: ServiceTestingModule;
  let organisations: OrganisationRepository;

  beforeAll(async () => {
    service = await createServiceTestingModule({ name: 'register-organisation', ...organisationsService() });
    organisations = service.get(OrganisationRepository);
  });
  afterAll(() => service?.close());

  const register = (request = organisationRequest(), who: Identity = CALLERS.coordinatorNorthOstrobothnia, correlationId?: string) =>
    asCaller(who, () => service.get(RegisterOrganisationHandler).execute(request, who), correlationId);

  const organisationCount = () => organisations.store.states.countDocuments({});

  it('writes version 1 (state and change) and queues organisation.registered.v1 in the outbox', async () => {
    const correlationId = randomUUID();
    const request = organisationRequest({
      name: { fi: 'Ähtärin Äijät ry', sv: 'Ähtäri gubbar rf' },
      businessId: businessId(),
      municipalities: [KUUSAMO, OULU],
      themes: ['loneliness', 'inclusion'],
      website: 'https://aijat.example.test',
    });
    const created = await register(request, CALLERS.coordinatorNorthOstrobothnia, correlationId);

    expect(created.id).toMatch(/^org_[a-f0-9]{32}$/);
    expect(created.version).toBe(1);
    const loaded = await organisations.load(created.id);
    expect(loaded).toEqual({ id: created.id, version: 1, state: created.state });
    expect(loaded?.state).toMatchObject({
      organisationId: created.id,
      kind: 'association',
      name: { fi: 'Ähtärin Äijät ry', sv: 'Ähtäri gubbar rf' },
      businessId: request.businessId,
      municipalities: [KUUSAMO, OULU],
      regions: ['17'],
      themes: ['inclusion', 'loneliness'], // sorted
      status: 'active',
      searchText: 'ahtarin aijat ry | ahtari gubbar rf',
    });
    expect(loaded?.state.createdAt).toBe(loaded?.state.updatedAt);

    const [change, ...more] = await changeLog<OrganisationState>(service.db, 'organisations', created.id);
    expect(more).toEqual([]);
    expect(change?.version).toBe(1);
    expect(change?.state).toEqual(created.state);
    expect(change?.records).toHaveLength(1);
    const record = change?.records[0];
    expect(record).toMatchObject({ topic: TOPICS.organisations, key: created.id });
    expect(record?.event).toMatchObject({
      type: ORGANISATION_REGISTERED_V1,
      source: '/yhteispeli/organisations',
      subject: created.id,
      aggregateversion: 1,
      actor: CALLERS.coordinatorNorthOstrobothnia.actor,
      correlationid: correlationId,
      data: {
        organisationId: created.id,
        kind: 'association',
        name: { fi: 'Ähtärin Äijät ry', sv: 'Ähtäri gubbar rf' },
        businessId: request.businessId,
        municipalities: [KUUSAMO, OULU],
        regions: ['17'],
        status: 'active',
        themes: ['inclusion', 'loneliness'],
        lifeStages: ['older-people'],
      },
    });
    // Data minimisation and a stable shape: nothing beyond the snapshot (no website, no search text).
    expect(Object.keys(record?.event?.data as object).sort()).toEqual(
      ['businessId', 'kind', 'lifeStages', 'municipalities', 'name', 'organisationId', 'regions', 'status', 'themes'].sort(),
    );
    // The relay will find it: the commit left its pending marker.
    const pending = await service.get(ChangeLogOutbox).pending(1000);
    expect(pending.entries.map((e) => e.id)).toContain(change?.id);
  });

  it('refuses a coordinator of Lapland in North Ostrobothnia (403) and writes nothing', async () => {
    const before = await organisationCount();
    const request = organisationRequest({ businessId: businessId() });
    await expect(register(request, CALLERS.coordinatorLapland)).rejects.toMatchObject({
      code: 'ORGANISATION.REGION_FORBIDDEN',
      status: 403,
    });
    expect(await organisationCount()).toBe(before);
    // The refused request held no business ID: the rightful registration gets it.
    const created = await register(request, CALLERS.coordinatorNorthOstrobothnia);
    expect(created.state.businessId).toBe(request.businessId);
  });

  it('needs write access to every region of its municipalities; admins write anywhere', async () => {
    const both = organisationRequest({ municipalities: [OULU, INARI] });
    await expect(register(both, CALLERS.coordinatorNorthOstrobothnia)).rejects.toMatchObject({ code: 'ORGANISATION.REGION_FORBIDDEN' });
    await expect(register(both, CALLERS.coordinatorLapland)).rejects.toMatchObject({ code: 'ORGANISATION.REGION_FORBIDDEN' });
    const created = await register(both, CALLERS.admin);
    expect(created.state.regions).toEqual(['17', '19']);
  });

  it('takes read-write API keys of the region, not read-only ones or liaison officers', async () => {
    const created = await register(organisationRequest(), CALLERS.integrationNorthOstrobothnia);
    expect((await changeLog(service.db, 'organisations', created.id))[0]?.records[0]?.event?.actor).toBe(
      CALLERS.integrationNorthOstrobothnia.actor,
    );
    for (const who of [CALLERS.readerNorthOstrobothnia, CALLERS.liaisonOfficerNorthOstrobothnia]) {
      await expect(register(organisationRequest(), who)).rejects.toMatchObject({ code: 'ORGANISATION.REGION_FORBIDDEN', status: 403 });
    }
  });

  it('refuses a business ID already registered (409 naming the holder)', async () => {
    const id = businessId();
    const first = await register(organisationRequest({ businessId: id }));
    const before = await organisationCount();
    await expect(register(organisationRequest({ businessId: id }))).rejects.toMatchObject({
      code: 'ORGANISATION.DUPLICATE_BUSINESS_ID',
      status: 409,
      extensions: { existingId: first.id },
    });
    expect(await organisationCount()).toBe(before);
  });

  it('registers one of eight concurrent registrations of one business ID; the others get 409 naming it', async () => {
    const id = businessId();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => register(organisationRequest({ businessId: id }))));
    const created = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code: string; extensions: unknown }] : []));
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(7);
    for (const error of refused) {
      expect(error).toMatchObject({ code: 'ORGANISATION.DUPLICATE_BUSINESS_ID', extensions: { existingId: created[0]?.id } });
    }
    expect(await organisations.store.states.countDocuments({ 'state.businessId': id })).toBe(1);
  });
});
