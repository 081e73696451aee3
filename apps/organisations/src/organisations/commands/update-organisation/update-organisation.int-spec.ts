// UpdateOrganisationHandler on real FerretDB: partial updates as the next version with their event,
// no-op updates, If-Match, region rules, business ID claims and concurrent writers of one organisation.
import { ORGANISATION_ARCHIVED_V1, ORGANISATION_UPDATED_V1 } from '@yp/contracts-events';
import type { UpdateOrganisationRequestDto } from '@yp/contracts-http';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, eventsIn } from '@yp/shared-testing';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import type { OrganisationState } from '@organisations/organisations/organisation.state';
import { RegisterOrganisationHandler } from '@organisations/organisations/commands/register-organisation/register-organisation.handler';
import { DeleteOrganisationHandler } from '@organisations/organisations/commands/delete-organisation/delete-organisation.handler';
import {
  INARI,
  KUUSAMO,
  OULU,
  businessId,
  organisationRequest,
  useOrganisationsService,
} from '@organisations/testing/organisations-testing';
import { UpdateOrganisationHandler } from './update-organisation.handler';

describe('UpdateOrganisationHandler (FerretDB)', () => {
  const { service } = useOrganisationsService('update-organisation');
  const organisations = () => service.get(OrganisationRepository);
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  const register = (extra: Parameters<typeof organisationRequest>[0] = {}) =>
    asCaller(CALLERS.admin, () => service.get(RegisterOrganisationHandler).execute(organisationRequest(extra), CALLERS.admin));
  const update = (id: string, patch: UpdateOrganisationRequestDto, who: Identity = coordinator, expected?: number) =>
    asCaller(who, () => service.get(UpdateOrganisationHandler).execute(id, patch, who, expected));
  const history = (id: string) => changeLog<OrganisationState>(service.db, 'organisations', id);

  it('applies a partial update as version 2 and queues organisation.updated.v1 naming the changed fields', async () => {
    const created = await register({ website: 'https://old.example.test' });
    const updated = await update(created.id, {
      name: { fi: 'Uusi Nimi ry' },
      themes: ['safety', 'culture'],
      lifeStages: ['older-people'], // unchanged: not a changed field
      website: null as never, // null clears an optional field
    });

    expect(updated.version).toBe(2);
    expect(updated.state).toMatchObject({ name: { fi: 'Uusi Nimi ry' }, themes: ['culture', 'safety'], searchText: 'uusi nimi ry' });
    expect(updated.state.website ?? undefined).toBeUndefined(); // cleared (the state may keep it as null)
    expect(updated.state.updatedAt > created.state.updatedAt).toBe(true);
    expect(await organisations().load(created.id)).toEqual(updated);

    const changes = await history(created.id);
    expect(changes.map((c) => c.version)).toEqual([1, 2]);
    expect(changes[1]?.state).toEqual(updated.state);
    const [event, ...others] = changes[1]?.records.map((r) => r.event) ?? [];
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      type: ORGANISATION_UPDATED_V1,
      subject: created.id,
      aggregateversion: 2,
      actor: coordinator.actor,
      data: {
        organisationId: created.id,
        name: { fi: 'Uusi Nimi ry' },
        themes: ['culture', 'safety'],
        changedFields: ['name', 'themes', 'website'],
      },
    });
  });

  it('changes nothing when the patch repeats the current values: same version, no change, no event', async () => {
    const created = await register({ themes: ['safety', 'inclusion'] });
    const same = await update(created.id, { name: created.state.name, themes: ['inclusion', 'safety'], municipalities: [OULU] });
    expect(same).toEqual(created);
    expect(await update(created.id, {})).toEqual(created);
    expect((await history(created.id)).map((c) => c.version)).toEqual([1]);
  });

  it('archiving queues organisation.updated.v1 and organisation.archived.v1 of the same version', async () => {
    const created = await register();
    const archived = await update(created.id, { status: 'archived' });
    const events = eventsIn((await history(created.id)).slice(1));
    expect(events.map((e) => [e.type, e.aggregateversion])).toEqual([
      [ORGANISATION_UPDATED_V1, 2],
      [ORGANISATION_ARCHIVED_V1, 2],
    ]);
    expect(events[1]?.data).toEqual({ organisationId: created.id, archivedAt: archived.state.updatedAt });
  });

  it('with If-Match: writes on the current version, refuses a stale one (412 with the current version) and writes nothing', async () => {
    const created = await register();
    const v2 = await update(created.id, { phone: '+358 40 123 4567' }, coordinator, 1);
    expect(v2.version).toBe(2);
    await expect(update(created.id, { phone: '+358 40 765 4321' }, coordinator, 1)).rejects.toMatchObject({
      code: 'ORGANISATION.VERSION_MISMATCH',
      status: 412,
      extensions: { currentVersion: 2 },
    });
    expect(await organisations().load(created.id)).toEqual(v2);
    expect(await history(created.id)).toHaveLength(2);
  });

  it('refuses a coordinator of Lapland (403, also before If-Match) and moving into a region the writer may not write', async () => {
    const created = await register();
    await expect(update(created.id, { phone: '+358 40 1' }, CALLERS.coordinatorLapland)).rejects.toMatchObject({
      code: 'ORGANISATION.REGION_FORBIDDEN',
      status: 403,
    });
    // Who may write is decided before whether the write is current: 403, not 412.
    await expect(update(created.id, { phone: '+358 40 1' }, CALLERS.coordinatorLapland, 99)).rejects.toMatchObject({ status: 403 });
    await expect(update(created.id, { municipalities: [OULU, INARI] }, coordinator)).rejects.toMatchObject({
      code: 'ORGANISATION.REGION_FORBIDDEN',
    });
    await expect(update(created.id, { phone: '+358 40 1' }, CALLERS.readerNorthOstrobothnia)).rejects.toMatchObject({ status: 403 });
    expect(await history(created.id)).toHaveLength(1);
    const moved = await update(created.id, { municipalities: [OULU, INARI] }, CALLERS.admin);
    expect(moved.state.regions).toEqual(['17', '19']);
    // Now in both regions: a coordinator of one of them may no longer write it.
    await expect(update(created.id, { phone: '+358 40 1' }, coordinator)).rejects.toMatchObject({ code: 'ORGANISATION.REGION_FORBIDDEN' });
  });

  it('refuses null for a required field (422 naming it)', async () => {
    const created = await register();
    await expect(update(created.id, { name: null as never, municipalities: null as never })).rejects.toMatchObject({
      code: 'REQUEST.VALIDATION_FAILED',
      status: 422,
      errors: [
        { field: 'name', message: 'name cannot be null' },
        { field: 'municipalities', message: 'municipalities cannot be null' },
      ],
    });
    expect(await history(created.id)).toHaveLength(1);
  });

  it('moves the business ID claim: the old ID is free for others, a taken one is refused (409) and a failed write releases its claim', async () => {
    const [oldId, newId, takenId, staleId] = [businessId(), businessId(), businessId(), businessId()];
    const created = await register({ businessId: oldId });
    const holder = await register({ businessId: takenId });

    await update(created.id, { businessId: newId });
    expect((await register({ businessId: oldId })).state.businessId).toBe(oldId);
    await expect(register({ businessId: newId })).rejects.toMatchObject({ code: 'ORGANISATION.DUPLICATE_BUSINESS_ID' });

    await expect(update(created.id, { businessId: takenId })).rejects.toMatchObject({
      code: 'ORGANISATION.DUPLICATE_BUSINESS_ID',
      status: 409,
      extensions: { existingId: holder.id },
    });
    await expect(update(created.id, { businessId: staleId }, coordinator, 1)).rejects.toMatchObject({ status: 412 });
    expect((await register({ businessId: staleId })).state.businessId).toBe(staleId);
    expect((await organisations().load(created.id))?.state.businessId).toBe(newId);
  });

  it('loses no update of twenty concurrent writers: versions 1..21, each change with its own event', async () => {
    const created = await register();
    const writers = Array.from({ length: 20 }, (_, i) => update(created.id, { description: { fi: `Kuvaus ${i}` } }));
    const results = await Promise.all(writers);
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));

    const changes = await history(created.id);
    expect(changes.map((c) => c.version)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    // Every writer's value is in exactly one version, and each version's event carries that version.
    const descriptions = changes.slice(1).map((c) => c.state?.description?.fi);
    expect(new Set(descriptions).size).toBe(20);
    expect(eventsIn(changes.slice(1)).map((e) => e.aggregateversion)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    const latest = await organisations().load(created.id);
    expect(latest?.version).toBe(21);
    expect(latest?.state).toEqual(changes[20]?.state);
  });

  it('answers 404 for an organisation that is unknown or deleted', async () => {
    await expect(update('org_00000000000000000000000000000000', { phone: '1' })).rejects.toMatchObject({
      code: 'ORGANISATION.NOT_FOUND',
      status: 404,
    });
    const created = await register({ municipalities: [KUUSAMO] });
    await asCaller(coordinator, () => service.get(DeleteOrganisationHandler).execute(created.id, coordinator));
    await expect(update(created.id, { phone: '1' })).rejects.toMatchObject({ code: 'ORGANISATION.NOT_FOUND', status: 404 });
    expect(await history(created.id)).toHaveLength(2);
  });
});
