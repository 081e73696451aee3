import type { ApiResponse } from '@yp/shared-testing';
import {
  addressHold,
  bodyOf,
  etagOf,
  expectEtagOfVersion,
  expectLocation,
  fx,
  must,
  once,
  unique,
  type Entry,
} from './conformance-harness';

/** The notifications service: the email delivery log, address holds and webhook subscriptions. */
export const NOTIFICATION_ENTRIES: readonly Entry[] = [
  // --- notifications
  {
    operation: 'GET /api/v1/notifications/deliveries',
    cases: [
      { what: 'the delivery log', status: 200, call: () => ({ path: '/api/v1/notifications/deliveries?limit=10' }) },
      { what: 'limit out of range', status: 422, call: () => ({ path: '/api/v1/notifications/deliveries?limit=0' }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: () => ({ path: '/api/v1/notifications/deliveries' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/notifications/deliveries' }) },
    ],
  },
  {
    operation: 'GET /api/v1/notifications/address-holds',
    cases: [
      {
        what: 'the address holds',
        status: 200,
        call: async () => (await addressHold(), { path: '/api/v1/notifications/address-holds?limit=10' }),
      },
      { what: 'limit out of range', status: 422, call: () => ({ path: '/api/v1/notifications/address-holds?limit=0' }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: () => ({ path: '/api/v1/notifications/address-holds' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/notifications/address-holds' }) },
    ],
  },
  {
    operation: 'DELETE /api/v1/notifications/address-holds/{id}',
    cases: [
      { what: 'releases a hold', status: 204, call: async () => ({ path: `/api/v1/notifications/address-holds/${await addressHold()}` }) },
      { what: 'unknown hold', status: 404, call: () => ({ path: '/api/v1/notifications/address-holds/00000000000000000000000000000000' }) },
      {
        what: 'an API key',
        as: 'apiKey',
        status: 403,
        call: () => ({ path: '/api/v1/notifications/address-holds/00000000000000000000000000000000' }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: () => ({ path: '/api/v1/notifications/address-holds/00000000000000000000000000000000' }),
      },
    ],
  },
  // --- webhooks (the subscriptions of an API key of region 17, and of the admin)
  ...((): Entry[] => {
    // A public documentation address (203.0.113.0/24): it passes the URL check without DNS, and nothing answers there.
    const subscription = (extra: Record<string, unknown> = {}) => ({
      url: 'https://203.0.113.10/yhteispeli/webhooks',
      eventTypes: ['organisations.organisation.registered.v1'],
      contactEmail: 'integraatiot@pohjois-pohjanmaa.example.fi',
      ...extra,
    });
    const path = (id: string) => `/api/v1/webhooks/subscriptions/${id}`;
    const unknown = 'whk_00000000000000000000000000000000';
    const keyToken = async () => (await fx.apiKey()).key;
    const create = async (asKey: boolean, extra: Record<string, unknown> = {}) =>
      (
        await must<{ id: string }>(
          'POST',
          '/api/v1/webhooks/subscriptions',
          subscription({ regions: ['17'], ...extra }),
          201,
          asKey ? { token: await keyToken() } : {},
        )
      ).body.id;
    const ofAdmin = once(() => create(false, { regions: ['17', '19'] }));
    const ofKey = once(() => create(true));
    const paused = once(async () => {
      const id = await create(false);
      await must('PATCH', path(id), { active: false }, 200);
      return id;
    });
    const noStore = (res: ApiResponse) => expect(res.headers.get('cache-control')).toBe('no-store');
    return [
      {
        operation: 'POST /api/v1/webhooks/subscriptions',
        cases: [
          {
            what: 'subscribes (admin, both regions)',
            status: 201,
            call: () => ({
              path: '/api/v1/webhooks/subscriptions',
              body: subscription({ regions: ['17', '19'], description: unique('Palveluohjaus') }),
            }),
            then: (res) => {
              expectLocation('/api/v1/webhooks/subscriptions')(res);
              expectEtagOfVersion(res);
              noStore(res);
              expect(bodyOf<{ secret: string }>(res).secret).toMatch(/^whsec_/);
            },
          },
          {
            what: 'an API key in its region',
            as: 'apiKey',
            status: 201,
            call: () => ({ path: '/api/v1/webhooks/subscriptions', body: subscription({ regions: ['17'] }) }),
          },
          {
            what: 'an API key outside its region',
            as: 'apiKey',
            status: 403,
            call: () => ({ path: '/api/v1/webhooks/subscriptions', body: subscription({ regions: ['19'] }) }),
          },
          {
            what: 'an unknown event type',
            status: 422,
            call: () => ({
              path: '/api/v1/webhooks/subscriptions',
              body: subscription({ eventTypes: ['organisations.organisation.exploded.v1'] }),
            }),
          },
          {
            what: 'a loopback URL',
            status: 422,
            call: () => ({ path: '/api/v1/webhooks/subscriptions', body: subscription({ url: 'https://127.0.0.1/hook' }) }),
          },
          {
            what: 'no credentials',
            as: 'anonymous',
            status: 401,
            call: () => ({ path: '/api/v1/webhooks/subscriptions', body: subscription() }),
          },
        ],
      },
      {
        operation: 'GET /api/v1/webhooks/subscriptions',
        cases: [
          {
            what: 'a page with a next cursor (admin: everyone’s)',
            status: 200,
            call: async () => (await ofAdmin(), await ofKey(), { path: '/api/v1/webhooks/subscriptions?limit=1' }),
            then: (res) => expect(typeof bodyOf<{ nextCursor: unknown }>(res).nextCursor).toBe('string'),
          },
          {
            what: 'an API key: its own only',
            as: 'apiKey',
            status: 200,
            call: async () => (await ofKey(), { path: '/api/v1/webhooks/subscriptions' }),
            then: (res) => {
              const owners = bodyOf<{ items: { owner: string }[] }>(res).items.map((s) => s.owner);
              expect(owners.length).toBeGreaterThan(0);
              expect(new Set(owners).size).toBe(1);
              expect(owners[0]).toMatch(/^key:/);
            },
          },
          {
            what: 'a cursor it did not return',
            status: 400,
            call: () => ({ path: `/api/v1/webhooks/subscriptions?cursor=${Buffer.from('not-an-id').toString('base64url')}` }),
          },
          { what: 'limit out of range', status: 422, call: () => ({ path: '/api/v1/webhooks/subscriptions?limit=0' }) },
          { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/webhooks/subscriptions' }) },
        ],
      },
      {
        operation: 'GET /api/v1/webhooks/subscriptions/{id}',
        cases: [
          { what: 'a subscription', status: 200, call: async () => ({ path: path(await ofAdmin()) }), then: expectEtagOfVersion },
          { what: 'an API key, its own', as: 'apiKey', status: 200, call: async () => ({ path: path(await ofKey()) }) },
          { what: 'an API key, another’s', as: 'apiKey', status: 404, call: async () => ({ path: path(await ofAdmin()) }) },
          { what: 'unknown id', status: 404, call: () => ({ path: path(unknown) }) },
          { what: 'no credentials', as: 'anonymous', status: 401, call: async () => ({ path: path(await ofKey()) }) },
        ],
      },
      {
        operation: 'PATCH /api/v1/webhooks/subscriptions/{id}',
        cases: [
          {
            what: 'changes it (conditional)',
            status: 200,
            call: async () => {
              const id = await ofAdmin();
              return { path: path(id), body: { description: unique('Kuvaus') }, headers: { 'if-match': await etagOf(path(id)) } };
            },
            then: expectEtagOfVersion,
          },
          {
            what: 'an API key, its own',
            as: 'apiKey',
            status: 200,
            call: async () => ({
              path: path(await ofKey()),
              body: { eventTypes: ['organisations.organisation.registered.v1', 'organisations.organisation.updated.v1'] },
            }),
          },
          {
            what: 'stale If-Match',
            status: 412,
            call: async () => ({ path: path(await ofAdmin()), body: { description: 'x' }, headers: { 'if-match': '"999"' } }),
          },
          {
            what: 'malformed If-Match',
            status: 400,
            call: async () => ({ path: path(await ofAdmin()), body: { description: 'x' }, headers: { 'if-match': 'three' } }),
          },
          {
            what: 'invalid body',
            status: 422,
            call: async () => ({ path: path(await ofAdmin()), body: { contactEmail: 'not-an-email' } }),
          },
          { what: 'unknown id', status: 404, call: () => ({ path: path(unknown), body: { active: false } }) },
          {
            what: 'no credentials',
            as: 'anonymous',
            status: 401,
            call: async () => ({ path: path(await ofKey()), body: { active: false } }),
          },
        ],
      },
      {
        operation: 'DELETE /api/v1/webhooks/subscriptions/{id}',
        cases: [
          { what: 'ends a subscription', status: 204, call: async () => ({ path: path(await create(false)) }) },
          { what: 'an API key, its own', as: 'apiKey', status: 204, call: async () => ({ path: path(await create(true)) }) },
          { what: 'stale If-Match', status: 412, call: async () => ({ path: path(await ofAdmin()), headers: { 'if-match': '"999"' } }) },
          { what: 'unknown id', status: 404, call: () => ({ path: path(unknown) }) },
          { what: 'no credentials', as: 'anonymous', status: 401, call: async () => ({ path: path(await ofKey()) }) },
        ],
      },
      {
        operation: 'POST /api/v1/webhooks/subscriptions/{id}/rotate-secret',
        cases: [
          { what: 'a new secret', status: 200, call: async () => ({ path: `${path(await ofAdmin())}/rotate-secret` }), then: noStore },
          { what: 'an API key, its own', as: 'apiKey', status: 200, call: async () => ({ path: `${path(await ofKey())}/rotate-secret` }) },
          {
            what: 'an API key, another’s',
            as: 'apiKey',
            status: 404,
            call: async () => ({ path: `${path(await ofAdmin())}/rotate-secret` }),
          },
          { what: 'unknown id', status: 404, call: () => ({ path: `${path(unknown)}/rotate-secret` }) },
          { what: 'no credentials', as: 'anonymous', status: 401, call: async () => ({ path: `${path(await ofKey())}/rotate-secret` }) },
        ],
      },
      {
        operation: 'GET /api/v1/webhooks/subscriptions/{id}/deliveries',
        cases: [
          {
            what: 'the delivery log',
            status: 200,
            call: async () => ({ path: `${path(await ofAdmin())}/deliveries?limit=10&status=pending` }),
          },
          { what: 'an API key, its own', as: 'apiKey', status: 200, call: async () => ({ path: `${path(await ofKey())}/deliveries` }) },
          { what: 'an unknown status', status: 422, call: async () => ({ path: `${path(await ofAdmin())}/deliveries?status=lost` }) },
          {
            what: 'a cursor it did not return',
            status: 400,
            call: async () => ({ path: `${path(await ofAdmin())}/deliveries?cursor=${Buffer.from('not-a-cursor').toString('base64url')}` }),
          },
          { what: 'unknown id', status: 404, call: () => ({ path: `${path(unknown)}/deliveries` }) },
          { what: 'no credentials', as: 'anonymous', status: 401, call: async () => ({ path: `${path(await ofKey())}/deliveries` }) },
        ],
      },
      {
        operation: 'POST /api/v1/webhooks/subscriptions/{id}/replay',
        cases: [
          {
            what: 'resends from a time',
            status: 202,
            call: async () => ({ path: `${path(await ofAdmin())}/replay`, body: { from: '2026-01-01T00:00:00Z' } }),
          },
          {
            what: 'an API key, its own',
            as: 'apiKey',
            status: 202,
            call: async () => ({ path: `${path(await ofKey())}/replay`, body: { from: new Date(Date.now() - 3_600_000).toISOString() } }),
          },
          { what: 'not a time', status: 422, call: async () => ({ path: `${path(await ofAdmin())}/replay`, body: { from: 'yesterday' } }) },
          {
            what: 'a paused subscription',
            status: 409,
            call: async () => ({ path: `${path(await paused())}/replay`, body: { from: '2026-01-01T00:00:00Z' } }),
          },
          { what: 'unknown id', status: 404, call: () => ({ path: `${path(unknown)}/replay`, body: { from: '2026-01-01T00:00:00Z' } }) },
          {
            what: 'no credentials',
            as: 'anonymous',
            status: 401,
            call: async () => ({ path: `${path(await ofKey())}/replay`, body: { from: '2026-01-01T00:00:00Z' } }),
          },
        ],
      },
    ];
  })(),
];
