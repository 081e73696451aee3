// UpsertOrganisationBySourceHandler on real FerretDB: PUT by an integrator's own id creates once
// (also when first PUTs race), then replaces; ids are per caller; removed organisations stay removed.
import { ORGANISATION_REGISTERED_V1, ORGANISATION_UPDATED_V1 } from '@yp/contracts-events';
import type { RegisterOrganisationRequestDto } from '@yp/contracts-http';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, eventsIn } from '@yp/shared-testing';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import type { OrganisationState } from '@organisations/organisations/organisation.state';
import { DeleteOrganisationHandler } from '@organisations/organisations/commands/delete-organisation/delete-organisation.handler';
import {
  INARI,
  KUUSAMO,
  OULU,
  businessId,
  organisationRequest,
  useOrganisationsService,
} from '@organisations/testing/organisations-testing';
import { UpsertOrganisationBySourceHandler } from './upsert-organisation-by-source.handler';

describe('UpsertOrganisationBySourceHandler (FerretDB)', () => {
  const { service } = useOrganisationsService('upsert-organisation-by-source');
  const organisations = () => service.get(OrganisationRepository);
  const key = CALLERS.integrationNorthOstrobothnia;
  let sourceCounter = 0;
  const newSourceId = () => `crm-${Date.now().toString(36)}-${++sourceCounter}`;

  const put = (sourceId: string, request: RegisterOrganisationRequestDto, who: Identity = key, expected?: number) =>
    asCaller(who, () => service.get(UpsertOrganisationBySourceHandler).execute(sourceId, request, who, expected));
  const find = (sourceId: string, who: Identity = key) => service.get(UpsertOrganisationBySourceHandler).find(sourceId, who);
  const history = (id: string) => changeLog<OrganisationState>(service.db, 'organisations', id);

  it('creates on the first PUT (organisation.registered.v1), leaves an unchanged PUT alone and replaces on a changed one', async () => {
    const sourceId = newSourceId();
    const request = organisationRequest({ businessId: businessId(), phone: '+358 40 111 2222', website: 'https://crm.example.test' });
    const first = await put(sourceId, request);
    expect(first.created).toBe(true);
    expect(first.organisation).toMatchObject({ version: 1, state: { status: 'active', phone: '+358 40 111 2222' } });
    expect(await find(sourceId)).toEqual(first.organisation);

    const again = await put(sourceId, request);
    expect(again).toEqual({ created: false, organisation: first.organisation });

    // A full replacement: a field left out of the body is removed, status stays.
    const { phone: _phone, ...withoutPhone } = request;
    const replaced = await put(sourceId, { ...withoutPhone, municipalities: [OULU, KUUSAMO] });
    expect(replaced.created).toBe(false);
    expect(replaced.organisation.version).toBe(2);
    expect(replaced.organisation.state.phone ?? undefined).toBeUndefined();
    expect(replaced.organisation.state).toMatchObject({ municipalities: [OULU, KUUSAMO], status: 'active', website: request.website });

    const events = eventsIn(await history(first.organisation.id));
    expect(events.map((e) => [e.type, e.aggregateversion, e.actor])).toEqual([
      [ORGANISATION_REGISTERED_V1, 1, key.actor],
      [ORGANISATION_UPDATED_V1, 2, key.actor],
    ]);
    expect(events[1]?.data).toMatchObject({ changedFields: ['municipalities', 'phone'] });
  });

  it('creates exactly one organisation when eight first PUTs of one source id race', async () => {
    const sourceId = newSourceId();
    const request = organisationRequest();
    const results = await Promise.all(Array.from({ length: 8 }, () => put(sourceId, request)));
    const ids = new Set(results.map((r) => r.organisation.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const [id] = [...ids];
    expect((await history(id ?? '')).map((c) => c.version)).toEqual([1]);
    expect(await organisations().store.states.countDocuments({ 'state.name.fi': request.name.fi })).toBe(1);
  });

  it('keeps source ids apart per caller: the same id of two callers is two organisations', async () => {
    const sourceId = newSourceId();
    const mine = await put(sourceId, organisationRequest());
    const theirs = await put(sourceId, organisationRequest(), CALLERS.coordinatorNorthOstrobothnia);
    expect(theirs.created).toBe(true);
    expect(theirs.organisation.id).not.toBe(mine.organisation.id);
    expect((await find(sourceId, CALLERS.coordinatorNorthOstrobothnia)).id).toBe(theirs.organisation.id);
  });

  it('with If-Match: 412 before anything exists and on a stale version; writes on the current one', async () => {
    const sourceId = newSourceId();
    const request = organisationRequest();
    await expect(put(sourceId, request, key, 1)).rejects.toMatchObject({
      code: 'ORGANISATION.VERSION_MISMATCH',
      status: 412,
      extensions: { currentVersion: 0 },
    });
    const first = await put(sourceId, request);
    await expect(put(sourceId, { ...request, phone: '+358 40 1' }, key, 5)).rejects.toMatchObject({
      code: 'ORGANISATION.VERSION_MISMATCH',
      status: 412,
      extensions: { currentVersion: 1 },
    });
    expect((await put(sourceId, { ...request, phone: '+358 40 1' }, key, 1)).organisation.version).toBe(2);
    expect(await history(first.organisation.id)).toHaveLength(2);
  });

  it('refuses a region the caller may not write (403) without binding the source id', async () => {
    const sourceId = newSourceId();
    await expect(put(sourceId, organisationRequest({ municipalities: [INARI] }))).rejects.toMatchObject({
      code: 'ORGANISATION.REGION_FORBIDDEN',
      status: 403,
    });
    await expect(find(sourceId)).rejects.toMatchObject({ code: 'ORGANISATION.NOT_FOUND', status: 404 });
    expect((await put(sourceId, organisationRequest())).created).toBe(true);
    await expect(put(newSourceId(), organisationRequest(), CALLERS.readerNorthOstrobothnia)).rejects.toMatchObject({ status: 403 });
  });

  it('refuses a business ID another organisation holds (409) and an invalid source id (422)', async () => {
    const id = businessId();
    const holder = await put(newSourceId(), organisationRequest({ businessId: id }));
    await expect(put(newSourceId(), organisationRequest({ businessId: id }))).rejects.toMatchObject({
      code: 'ORGANISATION.DUPLICATE_BUSINESS_ID',
      status: 409,
      extensions: { existingId: holder.organisation.id },
    });
    await expect(put('has spaces and /', organisationRequest())).rejects.toMatchObject({
      code: 'REQUEST.VALIDATION_FAILED',
      status: 422,
      errors: [expect.objectContaining({ field: 'sourceId' })],
    });
  });

  it('a removed organisation stays removed: a later PUT is 404 naming it, never a new organisation', async () => {
    const sourceId = newSourceId();
    const request = organisationRequest();
    const first = await put(sourceId, request);
    await asCaller(key, () => service.get(DeleteOrganisationHandler).execute(first.organisation.id, key));
    await expect(put(sourceId, request)).rejects.toMatchObject({
      code: 'ORGANISATION.NOT_FOUND',
      status: 404,
      extensions: { removedId: first.organisation.id },
    });
    await expect(find(sourceId)).rejects.toMatchObject({ code: 'ORGANISATION.NOT_FOUND' });
    expect(await organisations().store.states.countDocuments({ 'state.name.fi': request.name.fi })).toBe(1);
  });
});
