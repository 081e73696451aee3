// CreateActivityHandler on real FerretDB: a draft at version 1 that publishes nothing, its
// organisation moved for incremental sync, and the rules that refuse it before anything is written.
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog } from '@yp/shared-testing';
import { ActivityRepository } from '@organisations/activities/activity.repository';
import type { ActivityState } from '@organisations/activities/activity.state';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { INARI, KUUSAMO, OULU, activityRequest, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { CreateActivityHandler } from './create-activity.handler';

describe('CreateActivityHandler (FerretDB)', () => {
  const { service, a } = useOrganisationsService('create-activity');
  const activities = () => service.get(ActivityRepository);
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  const create = (request: ReturnType<typeof activityRequest>, who: Identity = coordinator) =>
    asCaller(who, () => service.get(CreateActivityHandler).execute(request, who));
  const activityCount = () => activities().store.changes.countDocuments({});

  it('creates a draft at version 1 that queues no event, normalised as stored', async () => {
    const organisation = await a.organisation();
    const created = await create(
      activityRequest(organisation.id, {
        deliveryModes: ['remote', 'at-place'],
        location: { street: 'Torikatu 1', postOffice: 'Oulu' },
        themes: ['safety', 'loneliness'],
        municipalities: [KUUSAMO, OULU],
        validFrom: '2027-03-01T08:00:00+02:00',
      }),
    );
    expect(created.id).toMatch(/^act_[a-f0-9]{32}$/);
    expect(created.version).toBe(1);
    expect(created.state).toMatchObject({
      organisationId: organisation.id,
      publishingState: 'draft',
      deliveryModes: ['at-place', 'remote'],
      themes: ['loneliness', 'safety'],
      regions: ['17'],
      cost: { free: true },
      languages: ['fi'],
      villages: [],
      validFrom: '2027-03-01T06:00:00.000Z',
    });
    expect(await activities().load(created.id)).toEqual(created);
    const changes = await changeLog<ActivityState>(service.db, 'activities', created.id);
    expect(changes.map((c) => [c.version, c.records.length])).toEqual([[1, 0]]); // drafts are not public
  });

  it('moves its organisation: a later version whose organisation.updated.v1 names activities', async () => {
    const organisation = await a.organisation();
    const created = await create(activityRequest(organisation.id));
    const moved = await a.moved(organisation.id, organisation.version, 'activities');
    expect(moved.data.changedFields).toEqual(['activities']);
    expect(moved.time >= created.state.createdAt).toBe(true);
    // A draft is not offered yet: what the organisation offers (the list filters on it) stays empty.
    const state = (await service.get(OrganisationRepository).load(organisation.id))?.state;
    expect(state).toMatchObject({ activityTypes: [], deliveryModes: [] });
  });

  it('refuses a writer outside the activity or its organisation (403) and writes nothing', async () => {
    const northern = await a.organisation({ municipalities: [OULU] });
    const before = await activityCount();
    // A coordinator of Lapland may write Lapland but not speak for a North Ostrobothnia organisation...
    await expect(create(activityRequest(northern.id, { municipalities: [INARI] }), CALLERS.coordinatorLapland)).rejects.toMatchObject({
      code: 'ACTIVITY.REGION_FORBIDDEN',
      status: 403,
    });
    // ...nor a coordinator of North Ostrobothnia offer it in Lapland.
    await expect(create(activityRequest(northern.id, { municipalities: [INARI] }), coordinator)).rejects.toMatchObject({
      code: 'ACTIVITY.REGION_FORBIDDEN',
    });
    await expect(create(activityRequest(northern.id), CALLERS.readerNorthOstrobothnia)).rejects.toMatchObject({ status: 403 });
    await expect(create(activityRequest(northern.id), CALLERS.liaisonOfficerNorthOstrobothnia)).rejects.toMatchObject({ status: 403 });
    expect(await activityCount()).toBe(before);
    // A read-write key of the region may; an admin may offer it in both regions.
    expect((await create(activityRequest(northern.id), CALLERS.integrationNorthOstrobothnia)).version).toBe(1);
    const both = await create(activityRequest(northern.id, { municipalities: [OULU, INARI] }), CALLERS.admin);
    expect(both.state.regions).toEqual(['17', '19']);
  });

  it('refuses an organisation that is unknown or deleted (422 naming organisationId)', async () => {
    const before = await activityCount();
    const unknown = 'org_00000000000000000000000000000000';
    await expect(create(activityRequest(unknown))).rejects.toMatchObject({
      code: 'ACTIVITY.ORGANISATION_NOT_FOUND',
      status: 422,
      extensions: { errors: [expect.objectContaining({ field: 'organisationId' })] },
    });
    const gone = await a.organisation();
    await a.deletedOrganisation(gone.id);
    await expect(create(activityRequest(gone.id))).rejects.toMatchObject({ code: 'ACTIVITY.ORGANISATION_NOT_FOUND' });
    expect(await activityCount()).toBe(before);
  });

  it('refuses what the DTO cannot check (422 naming the field): a place without a location, times out of order', async () => {
    const organisation = await a.organisation();
    const before = await activityCount();
    const cases: [Partial<Parameters<typeof activityRequest>[1]>, string][] = [
      [{ deliveryModes: ['at-place'] }, 'location'],
      [{ schedule: { weekly: [{ day: 'mon', opens: '18:00', closes: '17:00' }] } }, 'schedule.weekly.0.closes'],
      [{ schedule: { occurrences: [{ starts: '2027-05-01T10:00:00Z', ends: '2027-05-01T10:00:00Z' }] } }, 'schedule.occurrences.0.ends'],
      [{ validFrom: '2027-06-01T00:00:00Z', validTo: '2027-05-01T00:00:00Z' }, 'validTo'],
    ];
    for (const [extra, field] of cases) {
      await expect(create(activityRequest(organisation.id, extra))).rejects.toMatchObject({
        code: 'REQUEST.VALIDATION_FAILED',
        status: 422,
        errors: [expect.objectContaining({ field })],
      });
    }
    expect(await activityCount()).toBe(before);
  });
});
