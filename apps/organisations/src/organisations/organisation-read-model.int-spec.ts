// The organisations read model on real FerretDB and Kafka, with two instances of the service on one
// database as a scaled-out deployment runs them: built at start from the store (tombstones and the
// latest versions), a commit of an instance in its own lists at once, and a commit of the other
// instance in them within FRESHNESS_BOUND_MS (its event, then a reload by id).
import type { ListOrganisationsQueryDto } from '@yp/contracts-http';
import { HealthModule, Readiness } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, createServiceTestingModule, eventually, type ServiceTestingModule } from '@yp/shared-testing';
import { KUUSAMO, INARI, given, organisationsService } from '@organisations/testing/organisations-testing';
import { UpdateOrganisationHandler } from './commands/update-organisation/update-organisation.handler';
import { ListOrganisationChangesController } from './queries/list-organisation-changes/list-organisation-changes.controller';
import { ListOrganisationsController } from './queries/list-organisations/list-organisations.controller';

/** What a second instance may lag behind a commit: the outbox relay's publish, Kafka, one reload by id (docs/architecture.md). */
const FRESHNESS_BOUND_MS = 3000;

describe('Organisations read model on two instances (FerretDB, Kafka)', () => {
  let a: ServiceTestingModule;
  let b: ServiceTestingModule | undefined;
  const admin = CALLERS.admin;
  const before: Record<'kept' | 'updated' | 'deleted', string> = {} as never;

  beforeAll(async () => {
    a = await createServiceTestingModule({ name: 'organisation-read-model', ...organisationsService({ publish: true }) });
    const on = given(a);
    before.kept = (await on.organisation({ municipalities: [KUUSAMO] })).id;
    before.updated = (await on.organisation({ municipalities: [KUUSAMO] })).id;
    await update(a, before.updated, { municipalities: [INARI] });
    before.deleted = (await on.organisation({ municipalities: [KUUSAMO] })).id;
    await on.deletedOrganisation(before.deleted);
    // The second instance starts on the same database and topics, after those commits.
    const service = organisationsService({ publish: true });
    b = await createServiceTestingModule({
      ...service,
      name: 'organisation-read-model-b',
      database: a.databaseName,
      env: { ...service.env, KAFKA_TOPIC_PREFIX: a.topicPrefix },
      imports: [HealthModule.forRoot(), ...service.imports],
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const update = (on: ServiceTestingModule, id: string, change: Parameters<UpdateOrganisationHandler['execute']>[1]) =>
    asCaller(admin, () => on.get(UpdateOrganisationHandler).execute(id, change, admin));
  const listed = async (on: ServiceTestingModule, query: ListOrganisationsQueryDto) =>
    (await on.get(ListOrganisationsController).list({ limit: 100, ...query })).items.map((i) => i.id);
  const second = () => {
    if (!b) throw new Error('the second instance did not start');
    return b;
  };
  /** Milliseconds until `seen` holds on the other instance. */
  async function msUntil(seen: () => Promise<boolean>, what: string): Promise<number> {
    const from = Date.now();
    await eventually(async () => (await seen()) || undefined, what, FRESHNESS_BOUND_MS + 5000, 20);
    return Date.now() - from;
  }

  it('is built at start from the store: latest versions in lists, tombstones in the change feed; ready once built', async () => {
    const other = second();
    expect(await listed(other, { municipality: KUUSAMO })).toEqual(expect.arrayContaining([before.kept]));
    expect(await listed(other, { municipality: KUUSAMO })).not.toContain(before.updated);
    expect(await listed(other, { municipality: INARI })).toContain(before.updated);
    expect(await listed(other, {})).not.toContain(before.deleted);
    const feed = await other.get(ListOrganisationChangesController).list({ limit: 100 });
    expect(feed.items.find((i) => i.id === before.deleted)).toMatchObject({ deleted: true, version: 2 });
    expect(feed.items.find((i) => i.id === before.updated)).toMatchObject({ deleted: false, version: 2 });

    const check = other
      .get(Readiness)
      .list()
      .find((c) => c.name === 'read-model:organisations');
    await expect(check?.check()).resolves.toMatch(/^\d+ organisations, following events$/);
  });

  it("shows an instance's own commit in its lists at once", async () => {
    const created = await given(a).organisation({ municipalities: [KUUSAMO], name: { fi: 'Heti näkyvä yhdistys' } });
    expect(await listed(a, { municipality: KUUSAMO })).toContain(created.id);
    expect(await listed(a, { q: 'heti nakyva' })).toEqual([created.id]);
    await update(a, created.id, { municipalities: [INARI] });
    expect(await listed(a, { municipality: KUUSAMO })).not.toContain(created.id);
    expect(await listed(a, { municipality: INARI })).toContain(created.id);
  });

  it("shows the other instance's commits within the bound: a new organisation, a change, a deletion", async () => {
    const other = second();
    const created = await given(a).organisation({ municipalities: [KUUSAMO], name: { fi: 'Toisen instanssin yhdistys' } });
    const seenNew = await msUntil(
      async () => (await listed(other, { q: 'toisen instanssin' })).includes(created.id),
      'b to list a new one',
    );

    await update(other, created.id, { municipalities: [INARI] }); // and back the other way: b's commit, a's lists
    const seenChange = await msUntil(async () => (await listed(a, { municipality: INARI })).includes(created.id), 'a to see b’s change');

    await given(a).deletedOrganisation(created.id);
    const seenDeletion = await msUntil(async () => {
      const feed = await other.get(ListOrganisationChangesController).list({ limit: 200 });
      return feed.items.some((i) => i.id === created.id && i.deleted) && !(await listed(other, {})).includes(created.id);
    }, 'b to see the deletion');

    for (const ms of [seenNew, seenChange, seenDeletion]) expect(ms).toBeLessThanOrEqual(FRESHNESS_BOUND_MS);
  });
});
