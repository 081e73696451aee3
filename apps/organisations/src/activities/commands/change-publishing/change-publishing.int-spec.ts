// ChangePublishingHandler on real FerretDB: draft → published → withdrawn → published, each with its
// event; repeats and concurrent repeats change nothing; who may publish; the organisation's offer.
import { ACTIVITY_PUBLISHED_V1, ACTIVITY_WITHDRAWN_V1 } from '@yp/contracts-events';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, eventsIn } from '@yp/shared-testing';
import type { ActivityState } from '@organisations/activities/activity.state';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { KUUSAMO, OULU, given, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { ChangePublishingHandler, type PublishingAction } from './change-publishing.handler';

describe('ChangePublishingHandler (FerretDB)', () => {
  const { service, a } = useOrganisationsService('change-publishing');
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  async function draft(extra: Parameters<ReturnType<typeof given>['activity']>[1] = {}) {
    const organisation = await a.organisation();
    return { organisation, activity: await a.activity(organisation.id, extra) };
  }
  const change = (id: string, action: PublishingAction, who: Identity = coordinator, expected?: number) =>
    asCaller(who, () => service.get(ChangePublishingHandler).execute(id, action, who, expected));
  const history = (id: string) => changeLog<ActivityState>(service.db, 'activities', id);

  it('publishes as version 2 with activity.published.v1 carrying the public state', async () => {
    const { organisation, activity } = await draft({ deliveryModes: ['remote', 'mobile'], municipalities: [OULU, KUUSAMO] });
    const published = await change(activity.id, 'publish');
    expect(published.version).toBe(2);
    expect(published.state).toMatchObject({ publishingState: 'published', publishedAt: published.state.updatedAt });
    expect(await history(activity.id)).toEqual([expect.objectContaining({ version: 1 }), expect.objectContaining({ version: 2 })]);

    const events = eventsIn(await history(activity.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: ACTIVITY_PUBLISHED_V1,
      subject: activity.id,
      aggregateversion: 2,
      actor: coordinator.actor,
      data: {
        activityId: activity.id,
        organisationId: organisation.id,
        name: activity.state.name,
        type: 'meeting-place',
        deliveryModes: ['mobile', 'remote'],
        municipalities: [OULU, KUUSAMO],
        regions: ['17'],
        free: true,
        languages: ['fi'],
      },
    });
  });

  it('withdraws (activity.withdrawn.v1) and publishes again; repeating the current state changes nothing', async () => {
    const { activity } = await draft();
    await change(activity.id, 'publish');
    expect((await change(activity.id, 'publish')).version).toBe(2);
    const withdrawn = await change(activity.id, 'withdraw');
    expect(withdrawn).toMatchObject({ version: 3, state: { publishingState: 'withdrawn' } });
    expect((await change(activity.id, 'withdraw')).version).toBe(3);
    const again = await change(activity.id, 'publish');
    expect(again).toMatchObject({ version: 4, state: { publishingState: 'published' } });

    const events = eventsIn(await history(activity.id));
    expect(events.map((e) => [e.type, e.aggregateversion])).toEqual([
      [ACTIVITY_PUBLISHED_V1, 2],
      [ACTIVITY_WITHDRAWN_V1, 3],
      [ACTIVITY_PUBLISHED_V1, 4],
    ]);
    expect(events[1]?.data).toEqual({
      activityId: activity.id,
      organisationId: activity.state.organisationId,
      withdrawnAt: withdrawn.state.updatedAt,
    });
  });

  it('publishes once when ten publish requests race: one version, one event', async () => {
    const { activity } = await draft();
    const results = await Promise.all(Array.from({ length: 10 }, () => change(activity.id, 'publish')));
    expect(new Set(results.map((r) => r.version))).toEqual(new Set([2]));
    expect((await history(activity.id)).map((c) => c.version)).toEqual([1, 2]);
    expect(eventsIn(await history(activity.id))).toHaveLength(1);
  });

  it('refuses withdrawing a draft (409) and a stale If-Match (412); publishes with the current one', async () => {
    const { activity } = await draft();
    await expect(change(activity.id, 'withdraw')).rejects.toMatchObject({ code: 'ACTIVITY.BAD_TRANSITION', status: 409 });
    await expect(change(activity.id, 'publish', coordinator, 3)).rejects.toMatchObject({
      code: 'ACTIVITY.VERSION_MISMATCH',
      status: 412,
      extensions: { currentVersion: 1 },
    });
    expect(await history(activity.id)).toHaveLength(1);
    expect((await change(activity.id, 'publish', coordinator, 1)).version).toBe(2);
  });

  it('hides drafts from other regions and keys (404) and refuses a published one to those who may not write it (403)', async () => {
    const { activity } = await draft();
    await expect(change(activity.id, 'publish', CALLERS.coordinatorLapland)).rejects.toMatchObject({
      code: 'ACTIVITY.NOT_FOUND',
      status: 404,
    });
    await expect(change(activity.id, 'publish', CALLERS.integrationNorthOstrobothnia)).rejects.toMatchObject({
      code: 'ACTIVITY.NOT_FOUND',
    });
    await change(activity.id, 'publish');
    // Who may write is decided before whether the write is current: 403, not 412.
    await expect(change(activity.id, 'withdraw', CALLERS.coordinatorLapland, 99)).rejects.toMatchObject({
      code: 'ACTIVITY.REGION_FORBIDDEN',
      status: 403,
    });
    await expect(change(activity.id, 'withdraw', CALLERS.readerNorthOstrobothnia)).rejects.toMatchObject({ status: 403 });
    expect(await history(activity.id)).toHaveLength(2);
    // A read-write key of the region may withdraw what it sees.
    expect((await change(activity.id, 'withdraw', CALLERS.integrationNorthOstrobothnia)).state.publishingState).toBe('withdrawn');
    await expect(change('act_00000000000000000000000000000000', 'publish')).rejects.toMatchObject({ code: 'ACTIVITY.NOT_FOUND' });
  });

  it('publishes nothing under a deleted organisation (404)', async () => {
    const { organisation, activity } = await draft();
    await a.deletedOrganisation(organisation.id);
    await expect(change(activity.id, 'publish')).rejects.toMatchObject({ code: 'ACTIVITY.NOT_FOUND', status: 404 });
    expect(await history(activity.id)).toHaveLength(1);
  });

  it('moves the organisation, whose offer (activity types, delivery modes) follows what is visible', async () => {
    const { organisation, activity } = await draft({ type: 'peer-support', deliveryModes: ['at-home'] });
    const organisations = service.get(OrganisationRepository);
    await a.moved(organisation.id, organisation.version, 'activities'); // for the draft
    const beforePublish = await a.versionOf(organisation.id);
    await change(activity.id, 'publish');
    await a.moved(organisation.id, beforePublish, 'activities');
    expect((await organisations.load(organisation.id))?.state).toMatchObject({
      activityTypes: ['peer-support'],
      deliveryModes: ['at-home'],
    });

    const beforeWithdraw = await a.versionOf(organisation.id);
    await change(activity.id, 'withdraw');
    await a.moved(organisation.id, beforeWithdraw, 'activities');
    expect((await organisations.load(organisation.id))?.state).toMatchObject({ activityTypes: [], deliveryModes: [] });
  });
});
