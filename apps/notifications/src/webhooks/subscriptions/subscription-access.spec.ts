import type { Identity } from '@yp/shared-bootstrap';
import { assertMayUseWebhooks, canSee, ownerFilter, subscribableRegions } from './subscription-access';
import type { WebhookSubscriptionState } from './subscription.state';

const admin: Identity = { actor: 'user:usr_admin', roles: ['admin'], regions: [] };
const keyLA: Identity = { actor: 'key:key_la', roles: ['integration-reader'], regions: ['19'] };
const keyNO: Identity = { actor: 'key:key_no', roles: ['integration'], regions: ['17'] };
const coordinator: Identity = { actor: 'user:usr_coord', roles: ['coordinator'], regions: ['19'] };

const state = (owner: string, extra: Partial<WebhookSubscriptionState> = {}): WebhookSubscriptionState => ({
  subscriptionId: 'whk_1',
  owner,
  url: 'https://hooks.example.fi/',
  eventTypes: ['organisations.organisation.registered.v1'],
  regions: ['19'],
  contactEmail: 'ops@example.fi',
  active: true,
  secretId: 'whs_1',
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  ...extra,
});

/** What a call threw (or undefined): AppErrors are matched on status and code. */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('who may use webhooks', () => {
  it('API keys (read and read-write) and admins; not coordinators or liaison officers', () => {
    expect(() => assertMayUseWebhooks(admin)).not.toThrow();
    expect(() => assertMayUseWebhooks(keyLA)).not.toThrow();
    expect(() => assertMayUseWebhooks(keyNO)).not.toThrow();
    expect(thrown(() => assertMayUseWebhooks(coordinator))).toMatchObject({ status: 403, code: 'WEBHOOK.FORBIDDEN' });
    expect(thrown(() => assertMayUseWebhooks({ ...coordinator, roles: ['liaison-officer'] }))).toMatchObject({ status: 403 });
  });

  it('a key sees its own subscriptions only, an admin all, nobody a deleted one', () => {
    expect(canSee(keyLA, state('key:key_la'))).toBe(true);
    expect(canSee(keyNO, state('key:key_la'))).toBe(false);
    expect(canSee(admin, state('key:key_la'))).toBe(true);
    expect(canSee(keyLA, state('key:key_la', { deletedAt: '2026-11-24T00:00:00.000Z' }))).toBe(false);
    expect(canSee(admin, state('key:key_la', { deletedAt: '2026-11-24T00:00:00.000Z' }))).toBe(false);
    expect(ownerFilter(keyLA)).toBe('key:key_la');
    expect(ownerFilter(admin)).toBeUndefined();
  });

  it('regions: a key’s own by default and at most; an admin any, all by default', () => {
    expect(subscribableRegions(keyLA, undefined)).toEqual(['19']);
    expect(subscribableRegions(keyLA, ['19'])).toEqual(['19']);
    expect(thrown(() => subscribableRegions(keyLA, ['17']))).toMatchObject({ status: 403, code: 'WEBHOOK.REGION_FORBIDDEN' });
    expect(thrown(() => subscribableRegions(keyLA, ['17', '19']))).toMatchObject({ status: 403 });
    expect(subscribableRegions(admin, undefined)).toEqual(['17', '19']);
    expect(subscribableRegions(admin, ['19', '17'])).toEqual(['17', '19']);
  });
});
