// AddMunicipalityHandler on real FerretDB: a read-modify-write whose concurrent callers must all
// survive (FerretDB updates are read-then-write: the store's compare-and-set is what saves them).
import { ORGANISATION_UPDATED_V1 } from '@yp/contracts-events';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, createServiceTestingModule, eventsIn } from '@yp/shared-testing';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import type { OrganisationState } from '@organisations/organisations/organisation.state';
import { RegisterOrganisationHandler } from '@organisations/organisations/commands/register-organisation/register-organisation.handler';
import { DeleteOrganisationHandler } from '@organisations/organisations/commands/delete-organisation/delete-organisation.handler';
import {
  INARI,
  KUUSAMO,
  OULU,
  municipalitiesOf,
  organisationRequest,
  organisationsService,
  useOrganisationsService,
} from '@organisations/testing/organisations-testing';
import { AddMunicipalityHandler } from './add-municipality.handler';

describe('AddMunicipalityHandler (FerretDB)', () => {
  const { service } = useOrganisationsService('add-municipality');
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  const register = (municipalities = [OULU]) =>
    asCaller(CALLERS.admin, () => service.get(RegisterOrganisationHandler).execute(organisationRequest({ municipalities }), CALLERS.admin));
  const add = (id: string, code: string, who: Identity = coordinator) =>
    asCaller(who, () => service.get(AddMunicipalityHandler).execute(id, code, who));
  const history = (id: string) => changeLog<OrganisationState>(service.db, 'organisations', id);

  it('adds a municipality as the next version with organisation.updated.v1 (changedFields: municipalities)', async () => {
    const created = await register();
    const updated = await add(created.id, KUUSAMO);
    expect(updated).toMatchObject({ version: 2, state: { municipalities: [OULU, KUUSAMO], regions: ['17'] } });
    const events = eventsIn((await history(created.id)).slice(1));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: ORGANISATION_UPDATED_V1,
      aggregateversion: 2,
      actor: coordinator.actor,
      data: { municipalities: [OULU, KUUSAMO], changedFields: ['municipalities'] },
    });
  });

  it('adding one it already serves changes nothing (no version, no event)', async () => {
    const created = await register([OULU, KUUSAMO]);
    expect(await add(created.id, KUUSAMO)).toEqual(created);
    expect(await history(created.id)).toHaveLength(1);
  });

  it('keeps all of twenty concurrent additions through two instances: versions 1..21, every municipality once', async () => {
    // Two instances on one database, as a scaled-out deployment runs: each serialises its own writers,
    // only the change log's unique versions stand between the two.
    const replica = await createServiceTestingModule({
      name: 'add-municipality-replica',
      ...organisationsService(),
      database: service.databaseName,
    });
    try {
      const created = await register();
      const codes = municipalitiesOf('17')
        .filter((c) => c !== OULU)
        .slice(0, 20);
      expect(codes).toHaveLength(20);
      await Promise.all(
        codes.map((code, i) => {
          const instance = i % 2 === 0 ? service : replica;
          return asCaller(coordinator, () => instance.get(AddMunicipalityHandler).execute(created.id, code, coordinator));
        }),
      );

      const latest = await service.get(OrganisationRepository).load(created.id);
      expect(latest?.version).toBe(21);
      expect([...(latest?.state.municipalities ?? [])].sort()).toEqual([OULU, ...codes].sort());
      const changes = await history(created.id);
      expect(changes.map((c) => c.version)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
      // Each version adds exactly one municipality to the one before: no write was based on a stale read.
      for (let v = 1; v < changes.length; v++) {
        expect(changes[v]?.state?.municipalities).toHaveLength(v + 1);
        expect(changes[v]?.state?.municipalities.slice(0, v)).toEqual(changes[v - 1]?.state?.municipalities);
      }
      expect(eventsIn(changes.slice(1)).map((e) => e.aggregateversion)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    } finally {
      await replica.close();
    }
  });

  it('refuses a writer outside the organisation or the municipality (403); admins add across regions', async () => {
    const created = await register();
    await expect(add(created.id, INARI, CALLERS.coordinatorLapland)).rejects.toMatchObject({
      code: 'ORGANISATION.REGION_FORBIDDEN',
      status: 403,
    });
    await expect(add(created.id, INARI, coordinator)).rejects.toMatchObject({ code: 'ORGANISATION.REGION_FORBIDDEN', status: 403 });
    await expect(add(created.id, KUUSAMO, CALLERS.readerNorthOstrobothnia)).rejects.toMatchObject({ status: 403 });
    expect(await history(created.id)).toHaveLength(1);
    expect((await add(created.id, INARI, CALLERS.admin)).state.regions).toEqual(['17', '19']);
  });

  it('answers 404 for an unknown or deleted organisation', async () => {
    await expect(add('org_00000000000000000000000000000000', KUUSAMO)).rejects.toMatchObject({
      code: 'ORGANISATION.NOT_FOUND',
      status: 404,
    });
    const created = await register();
    await asCaller(coordinator, () => service.get(DeleteOrganisationHandler).execute(created.id, coordinator));
    await expect(add(created.id, KUUSAMO)).rejects.toMatchObject({ code: 'ORGANISATION.NOT_FOUND', status: 404 });
    expect(await history(created.id)).toHaveLength(2);
  });
});
