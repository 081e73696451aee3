// The organisation list on real FerretDB: filters as queries on the stored states (arrays, nested
// fields, a regex for search without diacritics), cursor pages in id order, never tombstones.
import type { ListOrganisationsQueryDto, OrganisationResponseDto } from '@yp/contracts-http';
import { CALLERS, asCaller } from '@yp/shared-testing';
import { DeleteOrganisationHandler } from '@organisations/organisations/commands/delete-organisation/delete-organisation.handler';
import { RegisterOrganisationHandler } from '@organisations/organisations/commands/register-organisation/register-organisation.handler';
import { UpdateOrganisationHandler } from '@organisations/organisations/commands/update-organisation/update-organisation.handler';
import { INARI, KUUSAMO, OULU, organisationRequest, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { ListOrganisationsController } from './list-organisations.controller';

describe('ListOrganisationsController (FerretDB)', () => {
  const { service } = useOrganisationsService('list-organisations');
  const admin = CALLERS.admin;
  const ids: Record<'ahtari' | 'oulu' | 'inari' | 'archived' | 'deleted', string> = {} as never;

  beforeAll(async () => {
    const register = async (extra: Parameters<typeof organisationRequest>[0]) =>
      (await asCaller(admin, () => service.get(RegisterOrganisationHandler).execute(organisationRequest(extra), admin))).id;
    ids.ahtari = await register({
      name: { fi: 'Ähtärin (Äijät) ry', en: 'Men of Ähtäri' },
      municipalities: [KUUSAMO],
      themes: ['culture'],
    });
    ids.oulu = await register({ kind: 'parish', municipalities: [OULU], themes: ['safety'], lifeStages: ['children'] });
    ids.inari = await register({ municipalities: [INARI], themes: ['culture', 'safety'] });
    ids.archived = await register({ municipalities: [OULU] });
    await asCaller(admin, () => service.get(UpdateOrganisationHandler).execute(ids.archived, { status: 'archived' }, admin));
    ids.deleted = await register({ name: { fi: 'Ähtärin poistettu' }, municipalities: [KUUSAMO], themes: ['culture'] });
    await asCaller(admin, () => service.get(DeleteOrganisationHandler).execute(ids.deleted, admin));
  });

  const list = (query: ListOrganisationsQueryDto) => service.get(ListOrganisationsController).list(query);
  const idsOf = (items: OrganisationResponseDto[]) => items.map((i) => i.id).sort();

  it('filters on arrays and fields of the stored state, never listing a deleted organisation', async () => {
    expect(idsOf((await list({ municipality: KUUSAMO })).items)).toEqual([ids.ahtari]);
    expect(idsOf((await list({ region: '19' })).items)).toEqual([ids.inari]);
    expect(idsOf((await list({ theme: 'culture' })).items)).toEqual([ids.ahtari, ids.inari].sort());
    expect(idsOf((await list({ theme: 'safety', region: '17' })).items)).toEqual([ids.oulu]);
    expect(idsOf((await list({ kind: 'parish' })).items)).toEqual([ids.oulu]);
    expect(idsOf((await list({ lifeStage: 'children' })).items)).toEqual([ids.oulu]);
    expect(idsOf((await list({ status: 'archived' })).items)).toEqual([ids.archived]);
    expect(idsOf((await list({})).items)).toEqual([ids.ahtari, ids.oulu, ids.inari, ids.archived].sort());
  });

  it('searches names in every language without case or diacritics, regex characters taken literally', async () => {
    expect(idsOf((await list({ q: 'AHTARI' })).items)).toEqual([ids.ahtari]);
    expect(idsOf((await list({ q: 'men of ähtäri' })).items)).toEqual([ids.ahtari]);
    expect(idsOf((await list({ q: '(äijät)' })).items)).toEqual([ids.ahtari]);
    expect((await list({ q: '.*' })).items).toEqual([]);
  });

  it('pages in id order with a cursor, each organisation once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: 1, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([ids.ahtari, ids.oulu, ids.inari, ids.archived].sort());
    await expect(list({ cursor: Buffer.from('act_x').toString('base64url') })).rejects.toMatchObject({
      code: 'REQUEST.BAD_CURSOR',
      status: 400,
    });
  });

  it('with updatedSince and filters: live matches only, in the order of the change feed', async () => {
    const page = await list({ updatedSince: '2000-01-01T00:00:00.000Z', theme: 'culture' });
    expect(idsOf(page.items)).toEqual([ids.ahtari, ids.inari].sort());
    const keys = page.items.map((i) => `${i.updatedAt}|${i.id}`);
    expect(keys).toEqual([...keys].sort());
  });
});
