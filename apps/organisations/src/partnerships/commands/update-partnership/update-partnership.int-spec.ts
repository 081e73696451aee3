// UpdatePartnershipHandler on real FerretDB: partial updates as the next version, each with
// partnership.changed.v1; no-op patches; the status lifecycle; the rules that refuse a patch before
// anything is written; If-Match and the region of the municipality, before and after a move.
import { PARTNERSHIP_CHANGED_V1, isEventOf } from '@yp/contracts-events';
import type { UpdatePartnershipRequestDto } from '@yp/contracts-http';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, eventsIn, problemOf } from '@yp/shared-testing';
import { CreatePartnershipHandler } from '@organisations/partnerships/commands/create-partnership/create-partnership.handler';
import { DeletePartnershipHandler } from '@organisations/partnerships/commands/delete-partnership/delete-partnership.handler';
import type { PartnershipState } from '@organisations/partnerships/partnership.state';
import { INARI, KUUSAMO, partnershipRequest, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { UpdatePartnershipHandler } from './update-partnership.handler';

describe('UpdatePartnershipHandler (FerretDB)', () => {
  const { service, a } = useOrganisationsService('update-partnership');
  let partner: string;
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  beforeAll(async () => {
    partner = (await a.organisation()).id;
  });

  const agreement = (extra: Parameters<typeof partnershipRequest>[1] = {}) =>
    asCaller(CALLERS.admin, () => service.get(CreatePartnershipHandler).execute(partnershipRequest([partner], extra), CALLERS.admin));
  const update = (id: string, patch: UpdatePartnershipRequestDto, who: Identity = coordinator, expected?: number) =>
    asCaller(who, () => service.get(UpdatePartnershipHandler).execute(id, patch, who, expected));
  const history = (id: string) => changeLog<PartnershipState>(service.db, 'partnerships', id);

  it('applies a partial update as version 2 with partnership.changed.v1; null clears endsOn and description', async () => {
    const created = await agreement({ endsOn: '2028-12-31', description: { fi: 'Kuvaus' } });
    const second = (await a.organisation()).id;
    const updated = await update(created.id, {
      partnerOrganisationIds: [partner, second],
      themes: ['safety', 'culture'],
      endsOn: null as never,
      description: null as never,
    });
    expect(updated.version).toBe(2);
    expect(updated.state).toMatchObject({ partnerOrganisationIds: [partner, second], themes: ['culture', 'safety'] });
    expect(updated.state).not.toHaveProperty('endsOn');
    expect(updated.state).not.toHaveProperty('description');
    const changes = await history(created.id);
    expect(changes[1]?.state).toEqual(updated.state);
    expect(eventsIn(changes.slice(1))).toEqual([
      expect.objectContaining({
        type: PARTNERSHIP_CHANGED_V1,
        aggregateversion: 2,
        actor: coordinator.actor,
        data: expect.objectContaining({
          partnerOrganisationIds: [partner, second],
          themes: ['culture', 'safety'],
          status: 'draft',
        }) as unknown,
      }),
    ]);
    expect(eventsIn(changes.slice(1))[0]?.data).not.toHaveProperty('endsOn');
  });

  it('changes nothing when the patch repeats the current values: same version, no event', async () => {
    const created = await agreement({ themes: ['safety', 'inclusion'] });
    expect(await update(created.id, { themes: ['inclusion', 'safety'], status: 'draft', startsOn: created.state.startsOn })).toEqual(
      created,
    );
    expect(await update(created.id, {})).toEqual(created);
    expect(await history(created.id)).toHaveLength(1);
  });

  it('moves along its lifecycle: draft → active → ended; nothing leaves ended or cancelled, a draft cannot end (409)', async () => {
    const created = await agreement();
    expect((await update(created.id, { status: 'active' })).state.status).toBe('active');
    expect((await update(created.id, { status: 'ended' })).state.status).toBe('ended');
    await expect(update(created.id, { status: 'active' })).rejects.toMatchObject({ code: 'PARTNERSHIP.BAD_TRANSITION', status: 409 });
    const events = eventsIn(await history(created.id)).filter((e) => isEventOf(PARTNERSHIP_CHANGED_V1, e));
    expect(events.map((e) => [e.aggregateversion, e.data.status])).toEqual([
      [1, 'draft'],
      [2, 'active'],
      [3, 'ended'],
    ]);

    const cancelled = await agreement();
    await expect(update(cancelled.id, { status: 'ended' })).rejects.toMatchObject({ code: 'PARTNERSHIP.BAD_TRANSITION' });
    await update(cancelled.id, { status: 'cancelled' });
    for (const status of ['draft', 'active', 'ended'] as const) {
      await expect(update(cancelled.id, { status })).rejects.toMatchObject({ code: 'PARTNERSHIP.BAD_TRANSITION', status: 409 });
    }
    expect(await history(cancelled.id)).toHaveLength(2);
  });

  it('refuses null for a required field, dates out of order and a deleted partner (422 naming the field), writing nothing', async () => {
    const created = await agreement({ startsOn: '2027-06-01' });
    const gone = await a.organisation();
    await a.deletedOrganisation(gone.id);
    expect(await problemOf(update(created.id, { title: null as never, themes: null as never }))).toMatchObject({
      status: 422,
      code: 'REQUEST.VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'title' }), expect.objectContaining({ field: 'themes' })],
    });
    expect(await problemOf(update(created.id, { endsOn: '2027-05-31' }))).toMatchObject({
      status: 422,
      errors: [expect.objectContaining({ field: 'endsOn' })],
    });
    expect(await problemOf(update(created.id, { partnerOrganisationIds: [gone.id] }))).toMatchObject({
      status: 422,
      code: 'PARTNERSHIP.PARTNER_NOT_FOUND',
      errors: [expect.objectContaining({ field: 'partnerOrganisationIds.0' })],
    });
    expect(await history(created.id)).toHaveLength(1);
  });

  it('with If-Match: refuses a stale version (412 with the current one) and writes on the current one', async () => {
    const created = await agreement();
    expect(await problemOf(update(created.id, { themes: ['culture'] }, coordinator, 4))).toMatchObject({
      status: 412,
      code: 'PARTNERSHIP.VERSION_MISMATCH',
      currentVersion: 1,
    });
    expect(await history(created.id)).toHaveLength(1);
    expect((await update(created.id, { themes: ['culture'] }, coordinator, 1)).version).toBe(2);
  });

  it('needs write access to the municipality’s region before and after a move (403 before If-Match)', async () => {
    const created = await agreement();
    await expect(update(created.id, { themes: ['culture'] }, CALLERS.coordinatorLapland, 99)).rejects.toMatchObject({
      code: 'PARTNERSHIP.REGION_FORBIDDEN',
      status: 403,
    });
    await expect(update(created.id, { themes: ['culture'] }, CALLERS.readerNorthOstrobothnia)).rejects.toMatchObject({ status: 403 });
    await expect(update(created.id, { municipality: INARI })).rejects.toMatchObject({ code: 'PARTNERSHIP.REGION_FORBIDDEN' });
    expect(await history(created.id)).toHaveLength(1);
    expect((await update(created.id, { municipality: KUUSAMO }, CALLERS.integrationNorthOstrobothnia)).state.region).toBe('17');
    const moved = await update(created.id, { municipality: INARI }, CALLERS.admin);
    expect(moved.state).toMatchObject({ municipality: INARI, region: '19' });
    expect(eventsIn((await history(created.id)).slice(-1))[0]?.data).toMatchObject({ municipality: INARI, regions: ['19'] });
    await expect(update(created.id, { themes: ['safety'] })).rejects.toMatchObject({ code: 'PARTNERSHIP.REGION_FORBIDDEN' });
  });

  it('answers 404 for an unknown or deleted agreement', async () => {
    await expect(update('prt_00000000000000000000000000000000', { themes: ['culture'] })).rejects.toMatchObject({
      code: 'PARTNERSHIP.NOT_FOUND',
      status: 404,
    });
    const created = await agreement();
    await asCaller(coordinator, () => service.get(DeletePartnershipHandler).execute(created.id, coordinator));
    await expect(update(created.id, { themes: ['culture'] }, CALLERS.admin)).rejects.toMatchObject({ code: 'PARTNERSHIP.NOT_FOUND' });
    expect(await history(created.id)).toHaveLength(2);
  });
});
