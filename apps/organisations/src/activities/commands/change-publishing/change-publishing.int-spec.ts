// ChangePublishingHandler on real FerretDB: draft → published → withdrawn → published, each with its
// event; repeats and concurrent repeats change nothing; who may publish; the organisation's offer.
import { ACTIVITY_PUBLISHED_V1, ACTIVITY_WITHDRAWN_V1 } from '@yp/contracts-events';
import type { Identity } from '@yp/shared-bootstrap';
import {
  CALLERS,
  asCaller,
  awaitEvent,
  changeLog,
  createServiceTestingModule,
  eventsIn,
  type ServiceTestingModule,
} from '@yp/shared-testing';
import { ActivityRepository } from '@organisations/activities/activity.repository';
import type { ActivityState } from '@organisations/activities/activity.state';
import { CreateActivityHandler } from '@organisations/activities/commands/create-activity/create-activity.handler';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { RegisterOrganisationHandler } from '@organisations/organisations/commands/register-organisation/register-organisation.handler';
import { DeleteOrganisationHandler } from '@organisations/organisations/commands/delete-organisation/delete-organisation.handler';
import {
  KUUSAMO,
  OULU,
  activityRequest,
  movedFor,
  organisationRequest,
  organisationsService,
} from '@organisations/testing/organisations-testing';
import { ChangePublishingHandler, type PublishingAction } from './change-publishing.handler';

describe('ChangePublishingHandler (FerretDB)', () => {
  let service: ServiceTestingModule;
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  beforeAll(async () => {
    service = await createServiceTestingModule({ name: 'change-publishing', ...organisationsService() });
  });
  afterAll(() => service?.close());

  async function draft(extra: Parameters<typeof activityRequest>[1] = {}) {
    const organisation = await asCaller(CALLERS.admin, () =>
      service.get(RegisterOrganisationHandler).execute(organisationRequest(), CALLERS.admin),
    );
    const activity = await asCaller(coordinator, () =>
      service.get(CreateActivityHandler).execute(activityRequest(organisation.id, extra), coordinator),
    );
    return { organisation, activity };
  }
  const change = (id: string, action: PublishingAction, who: Identity = coordinator, expected?: number) =>
    asCaller(who, () => service.get(ChangePublishingHandler).execute(id, action, who, expected));
  const history = (id: string) => changeLog<ActivityState>(service.db, 'activities', id);

  it('publishes as version 2 with activity.published.v1 carrying the public state', async () => {
    const { organisation, activity } = await draft({ deliveryModes: ['remote', 'mobile'], municipalities: [OULU, KUUSAMO] });
    const published = await change(activity.id, 'publish');
    expect(published.version).toBe(2);
    expect(published.state).toMatchObject({ publishingState: 'published', publishedAt: published.state.updatedAt });

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

  it('refuses withdrawing a draft (409) and a stale If-Match (412)', async () => {
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

  it('hides drafts from other regions (404) and refuses their coordinators a published one (403)', async () => {
    const { activity } = await draft();
    await expect(change(activity.id, 'publish', CALLERS.coordinatorLapland)).rejects.toMatchObject({
      code: 'ACTIVITY.NOT_FOUND',
      status: 404,
    });
    await expect(change(activity.id, 'publish', CALLERS.integrationNorthOstrobothnia)).rejects.toMatchObject({
      code: 'ACTIVITY.NOT_FOUND',
    });
    await change(activity.id, 'publish');
    await expect(change(activity.id, 'withdraw', CALLERS.coordinatorLapland)).rejects.toMatchObject({
      code: 'ACTIVITY.REGION_FORBIDDEN',
      status: 403,
    });
    await expect(change(activity.id, 'withdraw', CALLERS.readerNorthOstrobothnia)).rejects.toMatchObject({ status: 403 });
    expect(await history(activity.id)).toHaveLength(2);
    await expect(change('act_00000000000000000000000000000000', 'publish')).rejects.toMatchObject({ code: 'ACTIVITY.NOT_FOUND' });
  });

  it('publishes nothing under a deleted organisation (404)', async () => {
    const { organisation, activity } = await draft();
    await asCaller(coordinator, () => service.get(DeleteOrganisationHandler).execute(organisation.id, coordinator));
    await expect(change(activity.id, 'publish')).rejects.toMatchObject({ code: 'ACTIVITY.NOT_FOUND', status: 404 });
    expect(await history(activity.id)).toHaveLength(1);
  });

  it('moves the organisation, whose offer (activity types, delivery modes) follows what is visible', async () => {
    const { organisation, activity } = await draft({ type: 'peer-support', deliveryModes: ['at-home'] });
    const organisations = service.get(OrganisationRepository);
    const beforePublish = (await organisations.load(organisation.id))?.version ?? 0;
    await change(activity.id, 'publish');
    await awaitEvent(service.db, 'organisations', organisation.id, {
      after: beforePublish,
      match: movedFor('activities'),
      what: 'the organisation to move for the published activity',
    });
    expect((await organisations.load(organisation.id))?.state).toMatchObject({
      activityTypes: ['peer-support'],
      deliveryModes: ['at-home'],
    });

    const beforeWithdraw = (await organisations.load(organisation.id))?.version ?? 0;
    await change(activity.id, 'withdraw');
    await awaitEvent(service.db, 'organisations', organisation.id, {
      after: beforeWithdraw,
      match: movedFor('activities'),
      what: 'the organisation to move for the withdrawn activity',
    });
    expect((await organisations.load(organisation.id))?.state).toMatchObject({ activityTypes: [], deliveryModes: [] });
    expect(await service.get(ActivityRepository).load(activity.id)).toMatchObject({ version: 3 });
  });
});
