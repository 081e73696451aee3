// The change feed integrators mirror the register with, on real FerretDB: every organisation once at
// its latest version in (updatedAt, id) order, tombstones included, and cursors that lose nothing,
// also among changes of the same millisecond.
import type { ListOrganisationChangesQueryDto, OrganisationChangeDto } from '@yp/contracts-http';
import { CALLERS, asCaller } from '@yp/shared-testing';
import { DeleteOrganisationHandler } from '@organisations/organisations/commands/delete-organisation/delete-organisation.handler';
import { RegisterOrganisationHandler } from '@organisations/organisations/commands/register-organisation/register-organisation.handler';
import { UpdateOrganisationHandler } from '@organisations/organisations/commands/update-organisation/update-organisation.handler';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { organisationRequest, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { ListOrganisationChangesController } from './list-organisation-changes.controller';

describe('ListOrganisationChangesController (FerretDB)', () => {
  const { service } = useOrganisationsService('list-organisation-changes');
  const admin = CALLERS.admin;

  const register = () => asCaller(admin, () => service.get(RegisterOrganisationHandler).execute(organisationRequest(), admin));
  const feed = (query: ListOrganisationChangesQueryDto) => service.get(ListOrganisationChangesController).list(query);

  /** Every page from `updatedSince`, following the cursors. */
  async function mirror(updatedSince: string | undefined, limit: number): Promise<OrganisationChangeDto[]> {
    const items: OrganisationChangeDto[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await feed({ updatedSince, limit, ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      if (!page.nextCursor) return items;
      cursor = page.nextCursor;
    }
    throw new Error('the feed did not end');
  }

  it('lists each organisation once at its latest version, oldest change first, deletions as tombstones', async () => {
    const start = new Date().toISOString();
    const a = await register();
    const b = await register();
    const c = await register();
    const a2 = await asCaller(admin, () => service.get(UpdateOrganisationHandler).execute(a.id, { phone: '+358 40 1' }, admin));
    await asCaller(admin, () => service.get(DeleteOrganisationHandler).execute(b.id, admin));
    const b2 = await service.get(OrganisationRepository).load(b.id);

    const items = await mirror(start, 2);
    // c, a, b as they last changed (two changes of one millisecond go in id order).
    const expected = [
      { id: c.id, version: 1, updatedAt: c.state.updatedAt, deleted: false },
      { id: a.id, version: 2, updatedAt: a2.state.updatedAt, deleted: false },
      { id: b.id, version: 2, updatedAt: b2?.state.updatedAt ?? '', deleted: true },
    ].sort((x, y) => (x.updatedAt === y.updatedAt ? (x.id < y.id ? -1 : 1) : x.updatedAt < y.updatedAt ? -1 : 1));
    expect(items).toEqual(expected);
    // From a later point: only what changed since (at least a and b), the tail of the same feed.
    const since = await mirror(a2.state.updatedAt, 50);
    expect(since).toEqual(items.filter((i) => i.updatedAt >= a2.state.updatedAt));
    expect(since.map((i) => i.id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('pages through changes of the same millisecond without losing or repeating one', async () => {
    const start = new Date().toISOString();
    const created = await Promise.all(Array.from({ length: 12 }, () => register()));
    const items = await mirror(start, 1);
    expect(items.map((i) => i.id).sort()).toEqual(created.map((o) => o.id).sort());
    // In (updatedAt, id) order.
    const keys = items.map((i) => `${i.updatedAt}|${i.id}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('refuses a cursor it did not issue (400)', async () => {
    await expect(feed({ cursor: Buffer.from('not|a cursor').toString('base64url') })).rejects.toMatchObject({
      code: 'REQUEST.BAD_CURSOR',
      status: 400,
    });
  });
});
