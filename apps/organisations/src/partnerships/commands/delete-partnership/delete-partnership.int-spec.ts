// DeletePartnershipHandler on real FerretDB: the tombstone as the next version, published as
// partnership.changed.v1 with deletedAt (whatever the status); then 404 and out of lists; If-Match
// and the region of the municipality (403 before 412).
import { PARTNERSHIP_CHANGED_V1 } from '@yp/contracts-events';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, eventsIn, problemOf } from '@yp/shared-testing';
import { CreatePartnershipHandler } from '@organisations/partnerships/commands/create-partnership/create-partnership.handler';
import { UpdatePartnershipHandler } from '@organisations/partnerships/commands/update-partnership/update-partnership.handler';
import { PartnershipRepository } from '@organisations/partnerships/partnership.repository';
import type { PartnershipState } from '@organisations/partnerships/partnership.state';
import { partnershipRequest, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { DeletePartnershipHandler } from './delete-partnership.handler';

describe('DeletePartnershipHandler (FerretDB)', () => {
  const { service, a } = useOrganisationsService('delete-partnership');
  const partnerships = () => service.get(PartnershipRepository);
  let partner: string;
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  beforeAll(async () => {
    partner = (await a.organisation()).id;
  });

  const agreement = () =>
    asCaller(CALLERS.admin, () => service.get(CreatePartnershipHandler).execute(partnershipRequest([partner]), CALLERS.admin));
  const remove = (id: string, who: Identity = coordinator, expected?: number) =>
    asCaller(who, () => service.get(DeletePartnershipHandler).execute(id, who, expected));
  const history = (id: string) => changeLog<PartnershipState>(service.db, 'partnerships', id);

  it('deletes an active agreement: a tombstone version published with deletedAt, then 404 and out of lists', async () => {
    const created = await agreement();
    await asCaller(coordinator, () => service.get(UpdatePartnershipHandler).execute(created.id, { status: 'active' }, coordinator));
    await remove(created.id);

    const tombstone = (await partnerships().load(created.id))?.state;
    expect(tombstone).toMatchObject({ status: 'active', deletedAt: tombstone?.updatedAt });
    expect(eventsIn((await history(created.id)).slice(2))).toEqual([
      expect.objectContaining({
        type: PARTNERSHIP_CHANGED_V1,
        subject: created.id,
        aggregateversion: 3,
        actor: coordinator.actor,
        data: expect.objectContaining({ partnershipId: created.id, status: 'active', deletedAt: tombstone?.deletedAt }) as unknown,
      }),
    ]);
    expect((await partnerships().list({ organisationId: partner }, undefined, 100)).map((p) => p.id)).not.toContain(created.id);
    await expect(remove(created.id)).rejects.toMatchObject({ code: 'PARTNERSHIP.NOT_FOUND', status: 404 });
    expect(await history(created.id)).toHaveLength(3);
    await expect(remove('prt_00000000000000000000000000000000')).rejects.toMatchObject({ code: 'PARTNERSHIP.NOT_FOUND' });
  });

  it('deletes an agreement in any status: a draft, a cancelled and an ended one', async () => {
    const update = (id: string, status: 'active' | 'ended' | 'cancelled') =>
      asCaller(coordinator, () => service.get(UpdatePartnershipHandler).execute(id, { status }, coordinator));
    const [draft, cancelled, ended] = [await agreement(), await agreement(), await agreement()];
    await update(cancelled.id, 'cancelled');
    await update(ended.id, 'active');
    await update(ended.id, 'ended');
    for (const { id } of [draft, cancelled, ended]) {
      await remove(id);
      expect((await partnerships().load(id))?.state.deletedAt).toBeDefined();
    }
  });

  it('refuses another region and readers (403, before If-Match) and a stale If-Match (412), deleting nothing', async () => {
    const created = await agreement();
    await expect(remove(created.id, CALLERS.coordinatorLapland, 99)).rejects.toMatchObject({
      code: 'PARTNERSHIP.REGION_FORBIDDEN',
      status: 403,
    });
    await expect(remove(created.id, CALLERS.readerNorthOstrobothnia)).rejects.toMatchObject({ status: 403 });
    expect(await problemOf(remove(created.id, coordinator, 2))).toMatchObject({
      status: 412,
      code: 'PARTNERSHIP.VERSION_MISMATCH',
      currentVersion: 1,
    });
    expect(await history(created.id)).toHaveLength(1);
    await remove(created.id, CALLERS.integrationNorthOstrobothnia, 1);
    expect((await partnerships().load(created.id))?.state.deletedAt).toBeDefined();
  });
});
