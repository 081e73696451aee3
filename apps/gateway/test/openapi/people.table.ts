import {
  bodyOf,
  contactBody,
  etagOf,
  expectEtagOfVersion,
  expectLocation,
  fx,
  must,
  officerBody,
  unique,
  UNKNOWN,
  type Entry,
} from './conformance-harness';

/** Personal data: liaison officers, contact persons and persons (export and erasure). */
export const PEOPLE_ENTRIES: readonly Entry[] = [
  // --- liaison officers
  {
    operation: 'POST /api/v1/liaison-officers',
    cases: [
      {
        what: 'assigns a liaison officer',
        status: 201,
        call: () => ({ path: '/api/v1/liaison-officers', body: officerBody('889') }),
        then: expectLocation('/api/v1/liaison-officers'),
      },
      {
        what: 'an API key (keys may not appoint people)',
        as: 'apiKey',
        status: 403,
        call: () => ({ path: '/api/v1/liaison-officers', body: officerBody('889') }),
      },
      {
        what: 'invalid body',
        status: 422,
        call: () => ({ path: '/api/v1/liaison-officers', body: { ...officerBody('889'), language: 'de' } }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: () => ({ path: '/api/v1/liaison-officers', body: officerBody('889') }),
      },
    ],
  },
  {
    operation: 'DELETE /api/v1/liaison-officers/{id}',
    cases: [
      {
        what: 'ends an appointment',
        status: 204,
        call: async () => ({
          path: `/api/v1/liaison-officers/${(await must<{ id: string }>('POST', '/api/v1/liaison-officers', officerBody('889'), 201)).body.id}`,
        }),
      },
      {
        what: 'an API key (keys do not appoint people)',
        as: 'apiKey',
        status: 403,
        call: async () => ({ path: `/api/v1/liaison-officers/${await fx.officer()}` }),
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/liaison-officers/${UNKNOWN.officer}` }) },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/liaison-officers/${await fx.officer()}` }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/liaison-officers/{id}',
    cases: [
      { what: 'a liaison officer', status: 200, call: async () => ({ path: `/api/v1/liaison-officers/${await fx.officer()}` }) },
      {
        what: 'an API key of the region',
        as: 'apiKey',
        status: 200,
        call: async () => ({ path: `/api/v1/liaison-officers/${await fx.officer()}` }),
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/liaison-officers/${UNKNOWN.officer}` }) },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/liaison-officers/${await fx.officer()}` }),
      },
    ],
  },
  // --- contacts (personal data, region-scoped) and persons (GDPR)
  {
    operation: 'POST /api/v1/contacts',
    cases: [
      {
        what: 'adds a contact person',
        status: 201,
        call: async () => ({ path: '/api/v1/contacts', body: contactBody(await fx.organisation()) }),
        then: (res) => {
          expectLocation('/api/v1/contacts')(res);
          expectEtagOfVersion(res);
        },
      },
      { what: 'unknown organisation', status: 422, call: () => ({ path: '/api/v1/contacts', body: contactBody(UNKNOWN.organisation) }) },
      {
        what: 'invalid body',
        status: 422,
        call: async () => ({ path: '/api/v1/contacts', body: { ...contactBody(await fx.organisation()), language: 'de' } }),
      },
      {
        what: 'an API key (keys may not write personal data)',
        as: 'apiKey',
        status: 403,
        call: async () => ({ path: '/api/v1/contacts', body: contactBody(await fx.organisation()) }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: '/api/v1/contacts', body: contactBody(await fx.organisation()) }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/contacts',
    cases: [
      {
        what: 'a page with a next cursor',
        status: 200,
        call: async () => (
          await fx.contact(),
          await fx.secondContact(),
          { path: `/api/v1/contacts?organisationId=${await fx.organisation()}&limit=1` }
        ),
        then: (res) => expect(typeof bodyOf<{ nextCursor: unknown }>(res).nextCursor).toBe('string'),
      },
      {
        what: 'an API key of the region',
        as: 'apiKey',
        status: 200,
        call: async () => ({ path: `/api/v1/contacts?organisationId=${await fx.organisation()}` }),
      },
      { what: 'no organisationId', status: 422, call: () => ({ path: '/api/v1/contacts' }) },
      {
        what: 'a cursor it did not return',
        status: 400,
        call: async () => ({
          path: `/api/v1/contacts?organisationId=${await fx.organisation()}&cursor=${Buffer.from('not-an-id').toString('base64url')}`,
        }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/contacts?organisationId=${await fx.organisation()}` }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/contacts/{id}',
    cases: [
      {
        what: 'a contact person',
        status: 200,
        call: async () => ({ path: `/api/v1/contacts/${await fx.contact()}` }),
        then: expectEtagOfVersion,
      },
      {
        what: 'an API key of the region',
        as: 'apiKey',
        status: 200,
        call: async () => ({ path: `/api/v1/contacts/${await fx.contact()}` }),
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/contacts/${UNKNOWN.person}` }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: async () => ({ path: `/api/v1/contacts/${await fx.contact()}` }) },
    ],
  },
  {
    operation: 'PATCH /api/v1/contacts/{id}',
    cases: [
      {
        what: 'changes it (conditional)',
        status: 200,
        call: async () => {
          const id = await fx.contact();
          return {
            path: `/api/v1/contacts/${id}`,
            body: { title: unique('Sihteeri') },
            headers: { 'if-match': await etagOf(`/api/v1/contacts/${id}`) },
          };
        },
        then: expectEtagOfVersion,
      },
      {
        what: 'stale If-Match',
        status: 412,
        call: async () => ({
          path: `/api/v1/contacts/${await fx.contact()}`,
          body: { title: 'Rahastonhoitaja' },
          headers: { 'if-match': '"999"' },
        }),
      },
      {
        what: 'malformed If-Match',
        status: 400,
        call: async () => ({
          path: `/api/v1/contacts/${await fx.contact()}`,
          body: { title: 'Rahastonhoitaja' },
          headers: { 'if-match': 'three' },
        }),
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/contacts/${UNKNOWN.person}`, body: { title: 'Rahastonhoitaja' } }) },
      {
        what: 'invalid body',
        status: 422,
        call: async () => ({ path: `/api/v1/contacts/${await fx.contact()}`, body: { email: 'not-an-email' } }),
      },
      {
        what: 'an API key',
        as: 'apiKey',
        status: 403,
        call: async () => ({ path: `/api/v1/contacts/${await fx.contact()}`, body: { title: 'Rahastonhoitaja' } }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/contacts/${await fx.contact()}`, body: { title: 'Rahastonhoitaja' } }),
      },
    ],
  },
  {
    operation: 'DELETE /api/v1/contacts/{id}',
    cases: [
      {
        what: 'removes (erases) a contact',
        status: 204,
        call: async () => ({
          path: `/api/v1/contacts/${(await must<{ id: string }>('POST', '/api/v1/contacts', contactBody(await fx.organisation()), 201)).body.id}`,
        }),
      },
      {
        what: 'stale If-Match',
        status: 412,
        call: async () => ({ path: `/api/v1/contacts/${await fx.contact()}`, headers: { 'if-match': '"999"' } }),
      },
      {
        what: 'malformed If-Match',
        status: 400,
        call: async () => ({ path: `/api/v1/contacts/${await fx.contact()}`, headers: { 'if-match': 'three' } }),
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/contacts/${UNKNOWN.person}` }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: async () => ({ path: `/api/v1/contacts/${await fx.contact()}` }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: async () => ({ path: `/api/v1/contacts/${await fx.contact()}` }) },
    ],
  },
  {
    operation: 'GET /api/v1/persons/{personId}/export',
    cases: [
      {
        what: 'everything held about a person',
        status: 200,
        call: async () => ({ path: `/api/v1/persons/${await fx.contact()}/export` }),
        then: (res) =>
          expect(bodyOf<{ contacts: unknown[]; complete: boolean }>(res)).toMatchObject({ contacts: [expect.anything()], complete: true }),
      },
      { what: 'unknown person', status: 404, call: () => ({ path: `/api/v1/persons/${UNKNOWN.person}/export` }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: async () => ({ path: `/api/v1/persons/${await fx.contact()}/export` }) },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/persons/${await fx.contact()}/export` }),
      },
    ],
  },
  {
    operation: 'POST /api/v1/persons/{personId}/erase',
    cases: [
      {
        what: 'erases a person',
        status: 204,
        call: async () => ({
          path: `/api/v1/persons/${(await must<{ personId: string }>('POST', '/api/v1/contacts', contactBody(await fx.organisation()), 201)).body.personId}/erase`,
        }),
      },
      { what: 'erasing again is a no-op', status: 204, call: async () => ({ path: `/api/v1/persons/${await fx.erasedPerson()}/erase` }) },
      { what: 'unknown person', status: 404, call: () => ({ path: `/api/v1/persons/${UNKNOWN.person}/erase` }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: async () => ({ path: `/api/v1/persons/${await fx.contact()}/erase` }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: async () => ({ path: `/api/v1/persons/${await fx.contact()}/erase` }) },
    ],
  },
  {
    operation: 'GET /api/v1/persons/{personId}/erasure',
    cases: [
      { what: 'an erased person', status: 200, call: async () => ({ path: `/api/v1/persons/${await fx.erasedPerson()}/erasure` }) },
      { what: 'never asked to be erased', status: 404, call: async () => ({ path: `/api/v1/persons/${await fx.contact()}/erasure` }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: async () => ({ path: `/api/v1/persons/${await fx.erasedPerson()}/erasure` }) },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/persons/${await fx.erasedPerson()}/erasure` }),
      },
    ],
  },
];
