// DeleteActivityHandler on real FerretDB: the tombstone as the next version (a published activity is
// withdrawn on the way, by the event consumers know), then 404 for every write; If-Match and region
// rules in the order of a PATCH; the organisation moves and may then be deleted.
import { ACTIVITY_WITHDRAWN_V1 } from '@yp/contracts-events';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, eventsIn, problemOf } from '@yp/shared-testing';
import { ActivityRepository } from '@organisations/activities/activity.repository';
import { visibilityQuery, type ActivityState } from '@organisations/activities/activity.state';
import { ChangePublishingHandler } from '@organisations/activities/commands/change-publishing/change-publishing.handler';
import { UpdateActivityHandler } from '@organisations/activities/commands/update-activity/update-activity.handler';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { useOrganisationsService } from '@organisations/testing/organisations-testing';
import { DeleteActivityHandler } from './delete-activity.handler';

describe('DeleteActivityHandler (FerretDB)', () => {
  const { service, a } = useOrganisationsService('delete-activity');
  const activities = () => service.get(ActivityRepository);
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  const remove = (id: string, who: Identity = coordinator, expected?: number) =>
    asCaller(who, () => service.get(DeleteActivityHandler).execute(id, who, expected));
  const history = (id: string) => changeLog<ActivityState>(service.db, 'activities', id);
  const tombstoneOf = async (id: string) => (await activities().store.states.findOne({ _id: id }))?.state;

  it('keeps a draft as a tombstone (next version, deletedAt, no event); then every write is 404 and the organisation moves', async () => {
    const organisation = await a.organisation();
    const draft = await a.activity(organisation.id);
    await a.moved(organisation.id, organisation.version, 'activities'); // for the new draft
    const before = await a.versionOf(organisation.id);

    await remove(draft.id);
    const changes = await history(draft.id);
    expect(changes.map((c) => [c.version, c.records.length])).toEqual([
      [1, 0],
      [2, 0],
    ]);
    const tombstone = await tombstoneOf(draft.id);
    expect(tombstone).toMatchObject({ publishingState: 'draft', deletedAt: tombstone?.updatedAt });
    await a.moved(organisation.id, before, 'activities');

    for (const write of [
      () => remove(draft.id),
      () => asCaller(coordinator, () => service.get(UpdateActivityHandler).execute(draft.id, { themes: ['culture'] }, coordinator)),
      () => asCaller(coordinator, () => service.get(ChangePublishingHandler).execute(draft.id, 'publish', coordinator)),
    ]) {
      await expect(write()).rejects.toMatchObject({ code: 'ACTIVITY.NOT_FOUND', status: 404 });
    }
    expect(await history(draft.id)).toHaveLength(2);
    expect(await activities().list({ organisationId: organisation.id }, visibilityQuery(CALLERS.admin), undefined, 100)).toEqual([]);
  });

  it('withdraws a published one on the way (activity.withdrawn.v1), after which its organisation may be deleted', async () => {
    const organisation = await a.organisation();
    const published = await a.published(organisation.id);
    await expect(a.deletedOrganisation(organisation.id)).rejects.toMatchObject({ code: 'ORGANISATION.HAS_PUBLISHED_ACTIVITIES' });

    await remove(published.id);
    const tombstone = await tombstoneOf(published.id);
    expect(tombstone).toMatchObject({ publishingState: 'withdrawn', deletedAt: tombstone?.updatedAt });
    expect(eventsIn((await history(published.id)).slice(2))).toEqual([
      expect.objectContaining({
        type: ACTIVITY_WITHDRAWN_V1,
        subject: published.id,
        aggregateversion: 3,
        actor: coordinator.actor,
        data: { activityId: published.id, organisationId: organisation.id, withdrawnAt: tombstone?.updatedAt },
      }),
    ]);
    await a.deletedOrganisation(organisation.id);
    expect((await service.get(OrganisationRepository).load(organisation.id))?.state.deletedAt).toBeDefined();
  });

  it('refuses a stale If-Match (412 with the current version) and deletes with the current one', async () => {
    const draft = await a.activity((await a.organisation()).id);
    expect(await problemOf(remove(draft.id, coordinator, 5))).toMatchObject({
      status: 412,
      code: 'ACTIVITY.VERSION_MISMATCH',
      currentVersion: 1,
    });
    expect(await history(draft.id)).toHaveLength(1);
    await remove(draft.id, coordinator, 1);
    expect(await history(draft.id)).toHaveLength(2);
  });

  it('applies the rules of a PATCH: an unseen draft is 404, a published one 403 before If-Match; keys delete only what they see', async () => {
    const organisation = await a.organisation();
    const draft = await a.activity(organisation.id);
    await expect(remove(draft.id, CALLERS.coordinatorLapland)).rejects.toMatchObject({ code: 'ACTIVITY.NOT_FOUND', status: 404 });
    await expect(remove(draft.id, CALLERS.integrationNorthOstrobothnia)).rejects.toMatchObject({ code: 'ACTIVITY.NOT_FOUND' });

    const published = await a.published(organisation.id);
    await expect(remove(published.id, CALLERS.coordinatorLapland, 99)).rejects.toMatchObject({
      code: 'ACTIVITY.REGION_FORBIDDEN',
      status: 403,
    });
    await expect(remove(published.id, CALLERS.readerNorthOstrobothnia)).rejects.toMatchObject({ status: 403 });
    expect(await history(draft.id)).toHaveLength(1);
    expect(await history(published.id)).toHaveLength(2);

    await remove(published.id, CALLERS.integrationNorthOstrobothnia);
    expect((await tombstoneOf(published.id))?.deletedAt).toBeDefined();
    await expect(remove('act_00000000000000000000000000000000')).rejects.toMatchObject({ code: 'ACTIVITY.NOT_FOUND' });
  });

  it('answers 404 for an activity whose organisation was deleted (it went with it)', async () => {
    const organisation = await a.organisation();
    const draft = await a.activity(organisation.id);
    await a.deletedOrganisation(organisation.id);
    await expect(remove(draft.id, CALLERS.admin)).rejects.toMatchObject({ code: 'ACTIVITY.NOT_FOUND', status: 404 });
    expect(await history(draft.id)).toHaveLength(1);
  });
});
