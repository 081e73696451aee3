// DeleteOrganisationHandler on real FerretDB: the tombstone and its event, the business ID freed,
// If-Match and region rules, and the refusal while residents are pointed to published activities.
import { ORGANISATION_DELETED_V1 } from '@yp/contracts-events';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, eventsIn } from '@yp/shared-testing';
import { CreateActivityHandler } from '@organisations/activities/commands/create-activity/create-activity.handler';
import { ChangePublishingHandler } from '@organisations/activities/commands/change-publishing/change-publishing.handler';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import type { OrganisationState } from '@organisations/organisations/organisation.state';
import { RegisterOrganisationHandler } from '@organisations/organisations/commands/register-organisation/register-organisation.handler';
import { activityRequest, businessId, organisationRequest, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { DeleteOrganisationHandler } from './delete-organisation.handler';

describe('DeleteOrganisationHandler (FerretDB)', () => {
  const { service } = useOrganisationsService('delete-organisation');
  const organisations = () => service.get(OrganisationRepository);
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  const register = (extra: Parameters<typeof organisationRequest>[0] = {}) =>
    asCaller(coordinator, () => service.get(RegisterOrganisationHandler).execute(organisationRequest(extra), coordinator));
  const remove = (id: string, who: Identity = coordinator, expected?: number) =>
    asCaller(who, () => service.get(DeleteOrganisationHandler).execute(id, who, expected));
  const history = (id: string) => changeLog<OrganisationState>(service.db, 'organisations', id);

  it('keeps a tombstone as the next version, queues organisation.deleted.v1 and frees the business ID', async () => {
    const id = businessId();
    const created = await register({ businessId: id });
    await remove(created.id);

    const tombstone = await organisations().load(created.id);
    expect(tombstone?.version).toBe(2);
    const deletedAt = tombstone?.state.deletedAt ?? '';
    expect(deletedAt > created.state.updatedAt).toBe(true);
    expect(tombstone?.state).toEqual({ ...created.state, updatedAt: deletedAt, deletedAt });
    const changes = await history(created.id);
    expect(changes.map((c) => c.version)).toEqual([1, 2]);
    expect(eventsIn(changes.slice(1))).toEqual([
      expect.objectContaining({
        type: ORGANISATION_DELETED_V1,
        subject: created.id,
        aggregateversion: 2,
        actor: coordinator.actor,
        data: { organisationId: created.id, deletedAt },
      }),
    ]);
    // A correct entry may take the business ID now.
    expect((await register({ businessId: id })).state.businessId).toBe(id);
  });

  it('answers 404 to a second delete, and the deleted organisation leaves lists but stays in the change feed', async () => {
    const created = await register();
    await remove(created.id);
    await expect(remove(created.id)).rejects.toMatchObject({ code: 'ORGANISATION.NOT_FOUND', status: 404 });
    expect(await history(created.id)).toHaveLength(2);

    const listed = await organisations().list({}, undefined, 1000);
    expect(listed.map((o) => o.id)).not.toContain(created.id);
    const feed = await organisations().changedSince(created.state.createdAt, undefined, 1000);
    expect(feed.find((o) => o.id === created.id)?.state.deletedAt).toBeDefined();
    await expect(remove('org_00000000000000000000000000000000')).rejects.toMatchObject({ code: 'ORGANISATION.NOT_FOUND' });
  });

  it('refuses a stale If-Match (412) and a writer of another region (403, before If-Match); deletes with the current version', async () => {
    const created = await register();
    await expect(remove(created.id, coordinator, 7)).rejects.toMatchObject({
      code: 'ORGANISATION.VERSION_MISMATCH',
      status: 412,
      extensions: { currentVersion: 1 },
    });
    await expect(remove(created.id, CALLERS.coordinatorLapland, 7)).rejects.toMatchObject({
      code: 'ORGANISATION.REGION_FORBIDDEN',
      status: 403,
    });
    await expect(remove(created.id, CALLERS.readerNorthOstrobothnia)).rejects.toMatchObject({ status: 403 });
    expect(await history(created.id)).toHaveLength(1);
    await remove(created.id, coordinator, 1);
    expect((await organisations().load(created.id))?.state.deletedAt).toBeDefined();
  });

  it('refuses while it has published activities (409), and deletes once they are withdrawn', async () => {
    const created = await register();
    const activity = await asCaller(coordinator, () =>
      service.get(CreateActivityHandler).execute(activityRequest(created.id), coordinator),
    );
    const publishing = service.get(ChangePublishingHandler);
    await asCaller(coordinator, () => publishing.execute(activity.id, 'publish', coordinator));
    const before = (await history(created.id)).length;

    await expect(remove(created.id)).rejects.toMatchObject({ code: 'ORGANISATION.HAS_PUBLISHED_ACTIVITIES', status: 409 });
    expect(await history(created.id)).toHaveLength(before);

    await asCaller(coordinator, () => publishing.execute(activity.id, 'withdraw', coordinator));
    await remove(created.id);
    expect((await organisations().load(created.id))?.state.deletedAt).toBeDefined();
  });
});
