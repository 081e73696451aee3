// UpdateActivityHandler on real FerretDB: partial updates as the next version (a published activity
// republishes, a draft or withdrawn one publishes nothing), no-op patches, the rules that refuse a
// patch before anything is written, If-Match and region rules, and the organisation's move.
import { ACTIVITY_PUBLISHED_V1 } from '@yp/contracts-events';
import type { UpdateActivityRequestDto } from '@yp/contracts-http';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, eventsAfter, eventsIn, problemOf } from '@yp/shared-testing';
import { ActivityRepository } from '@organisations/activities/activity.repository';
import type { ActivityState } from '@organisations/activities/activity.state';
import { ChangePublishingHandler } from '@organisations/activities/commands/change-publishing/change-publishing.handler';
import { INARI, KUUSAMO, OULU, given, movedFor, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { UpdateActivityHandler } from './update-activity.handler';

describe('UpdateActivityHandler (FerretDB)', () => {
  const { service, a } = useOrganisationsService('update-activity');
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  const update = (id: string, patch: UpdateActivityRequestDto, who: Identity = coordinator, expected?: number) =>
    asCaller(who, () => service.get(UpdateActivityHandler).execute(id, patch, who, expected));
  const history = (id: string) => changeLog<ActivityState>(service.db, 'activities', id);
  const draft = async (extra: Parameters<ReturnType<typeof given>['activity']>[1] = {}) => a.activity((await a.organisation()).id, extra);
  const published = async (extra: Parameters<ReturnType<typeof given>['activity']>[1] = {}) =>
    a.published((await a.organisation()).id, extra);

  it('applies a partial update to a draft as version 2, normalised and derived as on create, and publishes nothing', async () => {
    const activity = await draft({ description: { fi: 'Vanha kuvaus' } });
    const updated = await update(activity.id, {
      name: { fi: 'Uusi Nimi', sv: 'Nytt Namn' },
      themes: ['safety', 'culture'],
      municipalities: [KUUSAMO],
      validFrom: '2027-03-01T08:00:00+02:00',
      description: null as never, // null clears an optional field
    });
    expect(updated.version).toBe(2);
    expect(updated.state).toMatchObject({
      publishingState: 'draft',
      name: { fi: 'Uusi Nimi', sv: 'Nytt Namn' },
      themes: ['culture', 'safety'],
      municipalities: [KUUSAMO],
      regions: ['17'],
      validFrom: '2027-03-01T06:00:00.000Z',
      searchText: 'uusi nimi | nytt namn',
    });
    expect(updated.state.description ?? undefined).toBeUndefined();
    expect(updated.state.updatedAt > activity.state.updatedAt).toBe(true);
    expect(await service.get(ActivityRepository).load(activity.id)).toMatchObject({ version: 2, state: { name: updated.state.name } });
    const changes = await history(activity.id);
    expect(changes.map((c) => [c.version, c.records.length])).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });

  it('republishes a published activity with its new state; a withdrawn one changes without an event', async () => {
    const activity = await published();
    const changed = await update(activity.id, { deliveryModes: ['mobile', 'at-home'], cost: { free: false } });
    expect(changed.version).toBe(3);
    const [republished, ...more] = eventsIn((await history(activity.id)).slice(2));
    expect(more).toEqual([]);
    expect(republished).toMatchObject({
      type: ACTIVITY_PUBLISHED_V1,
      subject: activity.id,
      aggregateversion: 3,
      actor: coordinator.actor,
      data: { activityId: activity.id, deliveryModes: ['at-home', 'mobile'], free: false },
    });

    await asCaller(coordinator, () => service.get(ChangePublishingHandler).execute(activity.id, 'withdraw', coordinator));
    expect((await update(activity.id, { themes: ['safety'] })).version).toBe(5);
    expect((await history(activity.id))[4]?.records).toEqual([]);
  });

  it('changes nothing when the patch repeats the current values: same version, no change, and the organisation does not move', async () => {
    const organisation = await a.organisation();
    const activity = await a.activity(organisation.id, { themes: ['safety', 'loneliness'] });
    await a.moved(organisation.id, organisation.version, 'activities'); // for the new draft
    const before = await a.versionOf(organisation.id);

    const same = await update(activity.id, { name: activity.state.name, themes: ['loneliness', 'safety'], municipalities: [OULU] });
    expect(same).toEqual(activity);
    expect(await update(activity.id, {})).toEqual(activity);
    expect(await history(activity.id)).toHaveLength(1);

    // A later real change moves it once: that move is the marker that the no-op moved nothing.
    await update(activity.id, { themes: ['culture'] });
    await a.moved(organisation.id, before, 'activities');
    expect((await eventsAfter(service.db, 'organisations', organisation.id, before)).filter(movedFor('activities'))).toHaveLength(1);
  });

  it('refuses null for a required field and what the DTO cannot check (422 naming the field), writing nothing', async () => {
    const activity = await draft({ validFrom: '2027-06-01T00:00:00Z' });
    expect(await problemOf(update(activity.id, { name: null as never, municipalities: null as never }))).toMatchObject({
      status: 422,
      code: 'REQUEST.VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'name' }), expect.objectContaining({ field: 'municipalities' })],
    });
    expect(await problemOf(update(activity.id, { deliveryModes: ['at-place'] }))).toMatchObject({
      status: 422,
      errors: [expect.objectContaining({ field: 'location' })],
    });
    expect(await problemOf(update(activity.id, { validTo: '2027-05-01T00:00:00Z' }))).toMatchObject({
      status: 422,
      errors: [expect.objectContaining({ field: 'validTo' })],
    });
    expect(await history(activity.id)).toHaveLength(1);
  });

  it('with If-Match: refuses a stale version (412 with the current one) and writes on the current one', async () => {
    const activity = await draft();
    expect(await problemOf(update(activity.id, { themes: ['culture'] }, coordinator, 2))).toMatchObject({
      status: 412,
      code: 'ACTIVITY.VERSION_MISMATCH',
      currentVersion: 1,
    });
    expect(await history(activity.id)).toHaveLength(1);
    expect((await update(activity.id, { themes: ['culture'] }, coordinator, 1)).version).toBe(2);
  });

  it('applies the region rules: unseen drafts 404, a published one 403 (before If-Match), no move into a region the writer lacks', async () => {
    const hidden = await draft();
    await expect(update(hidden.id, { themes: ['culture'] }, CALLERS.coordinatorLapland)).rejects.toMatchObject({
      code: 'ACTIVITY.NOT_FOUND',
      status: 404,
    });
    await expect(update(hidden.id, { themes: ['culture'] }, CALLERS.integrationNorthOstrobothnia)).rejects.toMatchObject({ status: 404 });

    const visible = await published();
    await expect(update(visible.id, { themes: ['culture'] }, CALLERS.coordinatorLapland, 99)).rejects.toMatchObject({
      code: 'ACTIVITY.REGION_FORBIDDEN',
      status: 403,
    });
    await expect(update(visible.id, { themes: ['culture'] }, CALLERS.readerNorthOstrobothnia)).rejects.toMatchObject({ status: 403 });
    await expect(update(visible.id, { municipalities: [OULU, INARI] })).rejects.toMatchObject({ code: 'ACTIVITY.REGION_FORBIDDEN' });
    expect(await history(visible.id)).toHaveLength(2);

    // A read-write key of the region changes what it sees; an admin extends it into Lapland.
    expect((await update(visible.id, { themes: ['culture'] }, CALLERS.integrationNorthOstrobothnia)).version).toBe(3);
    expect((await update(visible.id, { municipalities: [OULU, INARI] }, CALLERS.admin)).state.regions).toEqual(['17', '19']);
    // Now in both regions: a coordinator of one of them may no longer write it.
    await expect(update(visible.id, { themes: ['safety'] })).rejects.toMatchObject({ code: 'ACTIVITY.REGION_FORBIDDEN' });
  });

  it('answers 404 for an unknown activity and for one whose organisation was deleted', async () => {
    await expect(update('act_00000000000000000000000000000000', { themes: ['culture'] })).rejects.toMatchObject({
      code: 'ACTIVITY.NOT_FOUND',
      status: 404,
    });
    const organisation = await a.organisation();
    const activity = await a.activity(organisation.id);
    await a.deletedOrganisation(organisation.id);
    await expect(update(activity.id, { themes: ['culture'] }, CALLERS.admin)).rejects.toMatchObject({ code: 'ACTIVITY.NOT_FOUND' });
    expect(await history(activity.id)).toHaveLength(1);
  });
});
