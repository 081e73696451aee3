import {
  activityBody,
  bodyOf,
  businessId,
  etagOf,
  expectEtagOfVersion,
  expectLocation,
  fx,
  hsdsId,
  must,
  organisationBody,
  partnershipBody,
  system,
  unique,
  UNKNOWN,
  type Entry,
} from './conformance-harness';

/** Organisations (by register id and by source id), HSDS, partnerships, activities, vocabularies and the bulk transfer. */
export const ORGANISATION_ENTRIES: readonly Entry[] = [
  // --- organisations
  // --- organisations by the integrator's own source id
  {
    operation: 'PUT /api/v1/organisations/source/{sourceId}',
    cases: [
      {
        what: 'creates an organisation under a new source id',
        status: 201,
        call: () => ({
          path: `/api/v1/organisations/source/${unique('crm:1')}`,
          body: organisationBody('889', { businessId: businessId(), website: 'https://kelpo.example.fi' }),
        }),
        then: (res) => {
          expectLocation('/api/v1/organisations')(res);
          expectEtagOfVersion(res);
        },
      },
      {
        what: 'replaces it (conditional)',
        status: 200,
        call: async () => {
          const path = `/api/v1/organisations/source/${unique('crm:2')}`;
          const created = await must('PUT', path, organisationBody('889'), 201);
          return {
            path,
            body: organisationBody('889', { phone: '+358 40 123 4567' }),
            headers: { 'if-match': created.headers.get('etag') ?? '' },
          };
        },
        then: expectEtagOfVersion,
      },
      {
        what: 'an API key of the region',
        as: 'apiKey',
        status: 201,
        call: () => ({ path: `/api/v1/organisations/source/${unique('crm:3')}`, body: organisationBody('436') }),
        then: expectLocation('/api/v1/organisations'),
      },
      {
        what: 'a region the caller may not write',
        as: 'apiKey',
        status: 403,
        call: () => ({ path: `/api/v1/organisations/source/${unique('crm:4')}`, body: organisationBody('698') }),
      },
      {
        what: 'the organisation was removed',
        status: 404,
        call: async () => {
          const path = `/api/v1/organisations/source/${unique('crm:5')}`;
          const created = await must<{ id: string }>('PUT', path, organisationBody('889'), 201);
          await must('DELETE', `/api/v1/organisations/${created.body.id}`, undefined, 204);
          return { path, body: organisationBody('889') };
        },
      },
      {
        what: 'business ID already registered',
        status: 409,
        call: async () => {
          const id = businessId();
          await must('POST', '/api/v1/organisations', organisationBody('244', { businessId: id }), 201);
          return { path: `/api/v1/organisations/source/${unique('crm:6')}`, body: organisationBody('244', { businessId: id }) };
        },
      },
      {
        what: 'stale If-Match',
        status: 412,
        call: async () => {
          const path = `/api/v1/organisations/source/${unique('crm:7')}`;
          await must('PUT', path, organisationBody('889'), 201);
          return { path, body: organisationBody('889'), headers: { 'if-match': '"999"' } };
        },
      },
      {
        what: 'malformed If-Match',
        status: 400,
        call: () => ({
          path: `/api/v1/organisations/source/${unique('crm:8')}`,
          body: organisationBody('889'),
          headers: { 'if-match': 'three' },
        }),
      },
      {
        what: 'invalid body',
        status: 422,
        call: () => ({ path: `/api/v1/organisations/source/${unique('crm:9')}`, body: organisationBody('889', { kind: 'castle' }) }),
      },
      {
        what: 'a malformed source id',
        status: 422,
        call: () => ({ path: `/api/v1/organisations/source/${'x'.repeat(101)}`, body: organisationBody('889') }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: () => ({ path: `/api/v1/organisations/source/${unique('crm:10')}`, body: organisationBody('889') }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/organisations/source/{sourceId}',
    cases: [
      {
        what: 'the organisation of an own source id',
        status: 200,
        call: async () => {
          const path = `/api/v1/organisations/source/${unique('crm:11')}`;
          await must('PUT', path, organisationBody('889'), 201);
          return { path };
        },
        then: expectEtagOfVersion,
      },
      {
        what: 'an API key reads its own',
        as: 'apiKey',
        status: 200,
        call: async () => {
          const path = `/api/v1/organisations/source/${unique('crm:12')}`;
          await must('PUT', path, organisationBody('889'), 201, { token: (await fx.apiKey()).key });
          return { path };
        },
        then: expectEtagOfVersion,
      },
      {
        what: 'another caller’s source id',
        as: 'apiKey',
        status: 404,
        call: async () => {
          const path = `/api/v1/organisations/source/${unique('crm:13')}`;
          await must('PUT', path, organisationBody('889'), 201);
          return { path };
        },
      },
      { what: 'unknown source id', status: 404, call: () => ({ path: `/api/v1/organisations/source/${unique('never')}` }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: `/api/v1/organisations/source/${unique('crm:14')}` }) },
    ],
  },
  // --- Open Referral HSDS 3.0 export
  {
    operation: 'GET /api/v1/hsds/services',
    cases: [
      { what: 'a page', status: 200, call: async () => (await fx.hsdsActivity(), { path: '/api/v1/hsds/services?per_page=1' }) },
      {
        what: 'an API key, changed since',
        as: 'apiKey',
        status: 200,
        call: () => ({ path: '/api/v1/hsds/services?modified_after=2020-01-01T00:00:00Z' }),
      },
      { what: 'per_page over 200', status: 422, call: () => ({ path: '/api/v1/hsds/services?per_page=500' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/hsds/services' }) },
    ],
  },
  {
    operation: 'GET /api/v1/hsds/services/{id}',
    cases: [
      {
        what: 'a published activity, fully nested',
        status: 200,
        call: async () => ({ path: `/api/v1/hsds/services/${hsdsId(await fx.hsdsActivity())}` }),
      },
      {
        what: 'an API key',
        as: 'apiKey',
        status: 200,
        call: async () => ({ path: `/api/v1/hsds/services/${hsdsId(await fx.publishedActivity())}` }),
      },
      { what: 'a draft does not exist', status: 404, call: async () => ({ path: `/api/v1/hsds/services/${hsdsId(await fx.activity())}` }) },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/hsds/services/${hsdsId(await fx.publishedActivity())}` }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/hsds/organizations',
    cases: [
      {
        what: 'a page',
        status: 200,
        call: async () => (await fx.organisation(), { path: '/api/v1/hsds/organizations?per_page=2&page=1' }),
      },
      { what: 'an API key', as: 'apiKey', status: 200, call: () => ({ path: '/api/v1/hsds/organizations' }) },
      { what: 'page 0', status: 422, call: () => ({ path: '/api/v1/hsds/organizations?page=0' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/hsds/organizations' }) },
    ],
  },
  {
    operation: 'GET /api/v1/hsds/organizations/{id}',
    cases: [
      {
        what: 'an organization with its services',
        status: 200,
        call: async () => (await fx.hsdsActivity(), { path: `/api/v1/hsds/organizations/${hsdsId(await fx.organisation())}` }),
      },
      {
        what: 'an API key',
        as: 'apiKey',
        status: 200,
        call: async () => ({ path: `/api/v1/hsds/organizations/${hsdsId(await fx.organisation())}` }),
      },
      { what: 'unknown', status: 404, call: () => ({ path: `/api/v1/hsds/organizations/${hsdsId(UNKNOWN.organisation)}` }) },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/hsds/organizations/${hsdsId(await fx.organisation())}` }),
      },
    ],
  },
  {
    operation: 'POST /api/v1/organisations',
    cases: [
      {
        what: 'registers an organisation',
        status: 201,
        call: () => ({
          path: '/api/v1/organisations',
          body: organisationBody('244', {
            businessId: businessId(),
            website: 'https://kelpo.example.fi',
            description: { fi: 'Kylätalo.' },
          }),
        }),
        then: (res) => {
          expectLocation('/api/v1/organisations')(res);
          expectEtagOfVersion(res);
        },
      },
      {
        what: 'an API key of the region',
        as: 'apiKey',
        status: 201,
        call: () => ({ path: '/api/v1/organisations', body: organisationBody('436') }),
        then: expectLocation('/api/v1/organisations'),
      },
      {
        what: 'business ID already registered',
        status: 409,
        call: async () => {
          const id = businessId();
          await must('POST', '/api/v1/organisations', organisationBody('244', { businessId: id }), 201);
          return { path: '/api/v1/organisations', body: organisationBody('244', { businessId: id }) };
        },
      },
      {
        what: 'invalid body',
        status: 422,
        call: () => ({ path: '/api/v1/organisations', body: organisationBody('244', { kind: 'castle' }) }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: () => ({ path: '/api/v1/organisations', body: organisationBody('244') }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/organisations',
    cases: [
      {
        what: 'a page with a next cursor',
        status: 200,
        call: async () => (await fx.organisation(), await fx.secondOrganisation(), { path: '/api/v1/organisations?region=17&limit=1' }),
        then: (res) => expect(typeof bodyOf<{ nextCursor: unknown }>(res).nextCursor).toBe('string'),
      },
      {
        what: 'an API key, the last page',
        as: 'apiKey',
        status: 200,
        call: () => ({ path: '/api/v1/organisations?municipality=889&kind=association&status=active' }),
      },
      { what: 'unknown region', status: 422, call: () => ({ path: '/api/v1/organisations?region=99' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/organisations' }) },
    ],
  },
  {
    operation: 'GET /api/v1/organisations/changes',
    cases: [
      {
        what: 'the change feed with a next cursor',
        status: 200,
        call: async () => (await fx.organisation(), await fx.secondOrganisation(), { path: '/api/v1/organisations/changes?limit=1' }),
        then: (res) => expect(typeof bodyOf<{ nextCursor: unknown }>(res).nextCursor).toBe('string'),
      },
      {
        what: 'an API key, since a time',
        as: 'apiKey',
        status: 200,
        call: () => ({ path: '/api/v1/organisations/changes?updatedSince=2026-01-01T00:00:00Z' }),
      },
      { what: 'a malformed updatedSince', status: 422, call: () => ({ path: '/api/v1/organisations/changes?updatedSince=yesterday' }) },
      { what: 'a forged cursor', status: 400, call: () => ({ path: '/api/v1/organisations/changes?cursor=Zm9yZ2Vk' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/organisations/changes' }) },
    ],
  },
  {
    operation: 'DELETE /api/v1/organisations/{id}',
    cases: [
      {
        what: 'removes an organisation',
        status: 204,
        call: async () => ({
          path: `/api/v1/organisations/${(await must<{ id: string }>('POST', '/api/v1/organisations', organisationBody('889'), 201)).body.id}`,
        }),
      },
      {
        what: 'an API key of the region',
        as: 'apiKey',
        status: 204,
        call: async () => ({
          path: `/api/v1/organisations/${(await must<{ id: string }>('POST', '/api/v1/organisations', organisationBody('889'), 201)).body.id}`,
        }),
      },
      {
        what: 'a stale If-Match',
        status: 412,
        call: async () => ({ path: `/api/v1/organisations/${await fx.secondOrganisation()}`, headers: { 'if-match': '"999"' } }),
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/organisations/${UNKNOWN.organisation}` }) },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/organisations/${await fx.secondOrganisation()}` }),
      },
    ],
  },
  {
    operation: 'POST /api/v1/partnerships',
    cases: [
      {
        what: 'records a draft agreement',
        status: 201,
        call: async () => ({ path: '/api/v1/partnerships', body: partnershipBody(await fx.organisation()) }),
        then: expectLocation('/api/v1/partnerships'),
      },
      {
        what: 'an API key of the region',
        as: 'apiKey',
        status: 201,
        call: async () => ({ path: '/api/v1/partnerships', body: partnershipBody(await fx.organisation()) }),
      },
      {
        what: 'endsOn before startsOn',
        status: 422,
        call: async () => ({
          path: '/api/v1/partnerships',
          body: partnershipBody(await fx.organisation(), { startsOn: '2027-06-01', endsOn: '2027-05-31' }),
        }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: '/api/v1/partnerships', body: partnershipBody(await fx.organisation()) }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/partnerships',
    cases: [
      {
        what: 'a page',
        status: 200,
        call: async () => (await fx.partnership(), { path: '/api/v1/partnerships?municipality=889&limit=1' }),
      },
      { what: 'an API key', as: 'apiKey', status: 200, call: () => ({ path: '/api/v1/partnerships?status=draft' }) },
      { what: 'unknown status', status: 422, call: () => ({ path: '/api/v1/partnerships?status=signed' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/partnerships' }) },
    ],
  },
  {
    operation: 'GET /api/v1/partnerships/{id}',
    cases: [
      {
        what: 'an agreement',
        status: 200,
        call: async () => ({ path: `/api/v1/partnerships/${await fx.partnership()}` }),
        then: expectEtagOfVersion,
      },
      { what: 'an API key', as: 'apiKey', status: 200, call: async () => ({ path: `/api/v1/partnerships/${await fx.partnership()}` }) },
      { what: 'unknown id', status: 404, call: () => ({ path: '/api/v1/partnerships/prt_00000000000000000000000000000000' }) },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/partnerships/${await fx.partnership()}` }),
      },
    ],
  },
  {
    operation: 'PATCH /api/v1/partnerships/{id}',
    cases: [
      {
        what: 'renames',
        status: 200,
        call: async () => ({ path: `/api/v1/partnerships/${await fx.partnership()}`, body: { title: { fi: unique('Uusi sopimus') } } }),
        then: expectEtagOfVersion,
      },
      {
        what: 'an API key of the region',
        as: 'apiKey',
        status: 200,
        call: async () => ({ path: `/api/v1/partnerships/${await fx.partnership()}`, body: { themes: ['digital-skills'] } }),
      },
      {
        what: 'a draft cannot end',
        status: 409,
        call: async () => ({
          path: `/api/v1/partnerships/${(await must<{ id: string }>('POST', '/api/v1/partnerships', partnershipBody(await fx.organisation()), 201)).body.id}`,
          body: { status: 'ended' },
        }),
      },
      {
        what: 'a stale If-Match',
        status: 412,
        call: async () => ({
          path: `/api/v1/partnerships/${await fx.partnership()}`,
          headers: { 'if-match': '"999"' },
          body: { title: { fi: 'Myöhässä' } },
        }),
      },
      {
        what: 'an unknown theme',
        status: 422,
        call: async () => ({ path: `/api/v1/partnerships/${await fx.partnership()}`, body: { themes: ['karaoke'] } }),
      },
      {
        what: 'unknown id',
        status: 404,
        call: () => ({ path: '/api/v1/partnerships/prt_00000000000000000000000000000000', body: { title: { fi: 'x' } } }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/partnerships/${await fx.partnership()}`, body: { title: { fi: 'x' } } }),
      },
    ],
  },
  {
    operation: 'DELETE /api/v1/partnerships/{id}',
    cases: [
      {
        what: 'removes an agreement recorded by mistake',
        status: 204,
        call: async () => ({
          path: `/api/v1/partnerships/${(await must<{ id: string }>('POST', '/api/v1/partnerships', partnershipBody(await fx.organisation()), 201)).body.id}`,
        }),
      },
      {
        what: 'an API key of the region',
        as: 'apiKey',
        status: 204,
        call: async () => ({
          path: `/api/v1/partnerships/${(await must<{ id: string }>('POST', '/api/v1/partnerships', partnershipBody(await fx.organisation()), 201)).body.id}`,
        }),
      },
      {
        what: 'an API key of another region (a Lapland agreement)',
        as: 'apiKey',
        status: 403,
        call: async () => ({
          path: `/api/v1/partnerships/${(await must<{ id: string }>('POST', '/api/v1/partnerships', partnershipBody(await fx.organisation(), { municipality: '698' }), 201)).body.id}`,
        }),
      },
      {
        what: 'a stale If-Match',
        status: 412,
        call: async () => ({ path: `/api/v1/partnerships/${await fx.partnership()}`, headers: { 'if-match': '"999"' } }),
      },
      { what: 'unknown id', status: 404, call: () => ({ path: '/api/v1/partnerships/prt_00000000000000000000000000000000' }) },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/partnerships/${await fx.partnership()}` }),
      },
    ],
  },
  {
    operation: 'POST /api/v1/activities',
    cases: [
      {
        what: 'creates a draft',
        status: 201,
        call: async () => ({ path: '/api/v1/activities', body: activityBody(await fx.organisation()) }),
        then: expectLocation('/api/v1/activities'),
      },
      {
        what: 'an API key of the region',
        as: 'apiKey',
        status: 201,
        call: async () => ({ path: '/api/v1/activities', body: activityBody(await fx.organisation()) }),
      },
      {
        what: 'at-place without a location',
        status: 422,
        call: async () => ({ path: '/api/v1/activities', body: activityBody(await fx.organisation(), { deliveryModes: ['at-place'] }) }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: '/api/v1/activities', body: activityBody(await fx.organisation()) }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/activities',
    cases: [
      { what: 'a page', status: 200, call: async () => (await fx.activity(), { path: '/api/v1/activities?municipality=889&limit=1' }) },
      { what: 'an API key (published only)', as: 'apiKey', status: 200, call: () => ({ path: '/api/v1/activities?type=peer-support' }) },
      { what: 'unknown delivery mode', status: 422, call: () => ({ path: '/api/v1/activities?deliveryMode=teleport' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/activities' }) },
    ],
  },
  {
    operation: 'GET /api/v1/activities/{id}',
    cases: [
      {
        what: 'an activity',
        status: 200,
        call: async () => ({ path: `/api/v1/activities/${await fx.activity()}` }),
        then: expectEtagOfVersion,
      },
      {
        what: 'a published one, with an API key',
        as: 'apiKey',
        status: 200,
        call: async () => ({ path: `/api/v1/activities/${await fx.publishedActivity()}` }),
      },
      {
        what: 'a draft is not visible to a key',
        as: 'apiKey',
        status: 404,
        call: async () => ({ path: `/api/v1/activities/${await fx.activity()}` }),
      },
      { what: 'no credentials', as: 'anonymous', status: 401, call: async () => ({ path: `/api/v1/activities/${await fx.activity()}` }) },
    ],
  },
  {
    operation: 'PATCH /api/v1/activities/{id}',
    cases: [
      {
        what: 'renames',
        status: 200,
        call: async () => ({ path: `/api/v1/activities/${await fx.activity()}`, body: { name: { fi: unique('Uusi nimi') } } }),
        then: expectEtagOfVersion,
      },
      {
        what: 'a key of the region changes a published one',
        as: 'apiKey',
        status: 200,
        call: async () => ({ path: `/api/v1/activities/${await fx.publishedActivity()}`, body: { villages: [unique('Kylä')] } }),
      },
      {
        what: 'a key cannot see a draft',
        as: 'apiKey',
        status: 404,
        call: async () => ({ path: `/api/v1/activities/${await fx.activity()}`, body: { villages: ['Kylä'] } }),
      },
      {
        what: 'a stale If-Match',
        status: 412,
        call: async () => ({
          path: `/api/v1/activities/${await fx.activity()}`,
          headers: { 'if-match': '"999"' },
          body: { villages: ['Toinen'] },
        }),
      },
      {
        what: 'a bad type',
        status: 422,
        call: async () => ({ path: `/api/v1/activities/${await fx.activity()}`, body: { type: 'party' } }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/activities/${await fx.activity()}`, body: { villages: ['x'] } }),
      },
    ],
  },
  {
    operation: 'POST /api/v1/activities/{id}/publish',
    cases: [
      {
        what: 'publishes',
        status: 200,
        call: async () => ({
          path: `/api/v1/activities/${(await must<{ id: string }>('POST', '/api/v1/activities', activityBody(await fx.organisation()), 201)).body.id}/publish`,
        }),
        then: expectEtagOfVersion,
      },
      {
        what: 'an API key of the region, on a published one',
        as: 'apiKey',
        status: 200,
        call: async () => {
          const id = (await must<{ id: string }>('POST', '/api/v1/activities', activityBody(await fx.organisation()), 201)).body.id;
          await must('POST', `/api/v1/activities/${id}/publish`, undefined, 200);
          return { path: `/api/v1/activities/${id}/publish` };
        },
      },
      { what: 'unknown id', status: 404, call: () => ({ path: '/api/v1/activities/act_00000000000000000000000000000000/publish' }) },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/activities/${await fx.activity()}/publish` }),
      },
    ],
  },
  {
    operation: 'POST /api/v1/activities/{id}/withdraw',
    cases: [
      {
        what: 'withdraws a published one',
        status: 200,
        call: async () => {
          const id = (await must<{ id: string }>('POST', '/api/v1/activities', activityBody(await fx.organisation()), 201)).body.id;
          await must('POST', `/api/v1/activities/${id}/publish`, undefined, 200);
          return { path: `/api/v1/activities/${id}/withdraw` };
        },
        then: expectEtagOfVersion,
      },
      {
        what: 'an API key of the region',
        as: 'apiKey',
        status: 200,
        call: async () => {
          const id = (await must<{ id: string }>('POST', '/api/v1/activities', activityBody(await fx.organisation()), 201)).body.id;
          await must('POST', `/api/v1/activities/${id}/publish`, undefined, 200);
          return { path: `/api/v1/activities/${id}/withdraw` };
        },
      },
      {
        what: 'a draft cannot be withdrawn',
        status: 409,
        call: async () => ({
          path: `/api/v1/activities/${(await must<{ id: string }>('POST', '/api/v1/activities', activityBody(await fx.organisation()), 201)).body.id}/withdraw`,
        }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/activities/${await fx.activity()}/withdraw` }),
      },
    ],
  },
  {
    operation: 'DELETE /api/v1/activities/{id}',
    cases: [
      {
        what: 'removes a draft',
        status: 204,
        call: async () => ({
          path: `/api/v1/activities/${(await must<{ id: string }>('POST', '/api/v1/activities', activityBody(await fx.organisation()), 201)).body.id}`,
        }),
      },
      {
        what: 'an API key of the region removes a published one',
        as: 'apiKey',
        status: 204,
        call: async () => {
          const id = (await must<{ id: string }>('POST', '/api/v1/activities', activityBody(await fx.organisation()), 201)).body.id;
          await must('POST', `/api/v1/activities/${id}/publish`, undefined, 200);
          return { path: `/api/v1/activities/${id}` };
        },
      },
      {
        what: 'a key cannot see a draft',
        as: 'apiKey',
        status: 404,
        call: async () => ({ path: `/api/v1/activities/${await fx.activity()}` }),
      },
      {
        what: 'an API key of another region (a published Lapland activity)',
        as: 'apiKey',
        status: 403,
        call: async () => {
          const organisationId = (await must<{ id: string }>('POST', '/api/v1/organisations', organisationBody('698'), 201)).body.id;
          const id = (
            await must<{ id: string }>('POST', '/api/v1/activities', activityBody(organisationId, { municipalities: ['698'] }), 201)
          ).body.id;
          await must('POST', `/api/v1/activities/${id}/publish`, undefined, 200);
          return { path: `/api/v1/activities/${id}` };
        },
      },
      {
        what: 'a stale If-Match',
        status: 412,
        call: async () => ({ path: `/api/v1/activities/${await fx.activity()}`, headers: { 'if-match': '"999"' } }),
      },
      { what: 'unknown id', status: 404, call: () => ({ path: '/api/v1/activities/act_00000000000000000000000000000000' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: async () => ({ path: `/api/v1/activities/${await fx.activity()}` }) },
    ],
  },
  {
    operation: 'GET /api/v1/vocabularies',
    cases: [
      { what: 'the vocabularies', status: 200, call: () => ({ path: '/api/v1/vocabularies' }) },
      { what: 'an API key', as: 'apiKey', status: 200, call: () => ({ path: '/api/v1/vocabularies' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/vocabularies' }) },
    ],
  },
  {
    operation: 'GET /api/v1/organisations/{id}',
    cases: [
      {
        what: 'an organisation',
        status: 200,
        call: async () => ({ path: `/api/v1/organisations/${await fx.organisation()}` }),
        then: expectEtagOfVersion,
      },
      {
        what: 'an API key',
        as: 'apiKey',
        status: 200,
        call: async () => ({ path: `/api/v1/organisations/${await fx.organisation()}` }),
        then: expectEtagOfVersion,
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/organisations/${UNKNOWN.organisation}` }) },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/organisations/${await fx.organisation()}` }),
      },
    ],
  },
  {
    operation: 'PATCH /api/v1/organisations/{id}',
    cases: [
      {
        what: 'changes it (conditional)',
        status: 200,
        call: async () => {
          const id = await fx.organisation();
          return {
            path: `/api/v1/organisations/${id}`,
            body: { email: 'info@kelpo.example.fi' },
            headers: { 'if-match': await etagOf(`/api/v1/organisations/${id}`) },
          };
        },
        then: expectEtagOfVersion,
      },
      {
        what: 'an API key of the region',
        as: 'apiKey',
        status: 200,
        call: async () => ({ path: `/api/v1/organisations/${await fx.organisation()}`, body: { phone: '+358 40 123 4567' } }),
      },
      {
        what: 'stale If-Match',
        status: 412,
        call: async () => ({
          path: `/api/v1/organisations/${await fx.organisation()}`,
          body: { phone: '+358 40 765 4321' },
          headers: { 'if-match': '"999"' },
        }),
      },
      {
        what: 'malformed If-Match',
        status: 400,
        call: async () => ({
          path: `/api/v1/organisations/${await fx.organisation()}`,
          body: { phone: '+358 40 765 4321' },
          headers: { 'if-match': 'three' },
        }),
      },
      {
        what: 'unknown id',
        status: 404,
        call: () => ({ path: `/api/v1/organisations/${UNKNOWN.organisation}`, body: { phone: '+358 40 765 4321' } }),
      },
      {
        what: 'invalid body',
        status: 422,
        call: async () => ({ path: `/api/v1/organisations/${await fx.organisation()}`, body: { status: 'gone' } }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/organisations/${await fx.organisation()}`, body: { phone: '+358 40 765 4321' } }),
      },
    ],
  },
  {
    operation: 'POST /api/v1/organisations/{id}/municipalities',
    cases: [
      {
        what: 'adds a municipality',
        status: 200,
        call: async () => ({ path: `/api/v1/organisations/${await fx.organisation()}/municipalities`, body: { code: '564' } }),
        then: expectEtagOfVersion,
      },
      {
        what: 'an API key of the region',
        as: 'apiKey',
        status: 200,
        call: async () => ({ path: `/api/v1/organisations/${await fx.organisation()}/municipalities`, body: { code: '139' } }),
      },
      {
        what: 'unknown id',
        status: 404,
        call: () => ({ path: `/api/v1/organisations/${UNKNOWN.organisation}/municipalities`, body: { code: '564' } }),
      },
      {
        what: 'not a municipality code',
        status: 422,
        call: async () => ({ path: `/api/v1/organisations/${await fx.organisation()}/municipalities`, body: { code: '999' } }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/organisations/${await fx.organisation()}/municipalities`, body: { code: '564' } }),
      },
    ],
  },
  // --- organisations: bulk transfer (CSV import, CSV and NDJSON exports)
  {
    operation: 'POST /api/v1/organisations/import',
    cases: [
      {
        what: 'imports a CSV file: one row created, one reported',
        status: 200,
        call: () => ({
          path: '/api/v1/organisations/import',
          rawBody: `kind;name_fi;business_id;municipalities\nassociation;${unique('Tuontiyhdistys')};${businessId()};889\nassociation;${unique('Rikki')};;999\n`,
          headers: { 'content-type': 'text/csv' },
        }),
        then: (res) => expect(bodyOf<{ created: number; failed: number }>(res)).toMatchObject({ created: 1, failed: 1 }),
      },
      {
        what: 'an API key of the region, a dry run',
        as: 'apiKey',
        status: 200,
        call: () => ({
          path: '/api/v1/organisations/import?dryRun=true',
          rawBody: `kind;name_fi;municipalities\nassociation;${unique('Kuivaharjoitus')};889\n`,
          headers: { 'content-type': 'text/csv' },
        }),
        then: (res) => expect(bodyOf<{ dryRun: boolean; created: number }>(res)).toMatchObject({ dryRun: true, created: 1 }),
      },
      {
        what: 'a file with unknown columns',
        status: 422,
        call: () => ({
          path: '/api/v1/organisations/import',
          rawBody: 'kind;nimi;municipalities\nassociation;X;889\n',
          headers: { 'content-type': 'text/csv' },
        }),
      },
      {
        what: 'JSON instead of a CSV file',
        status: 415,
        call: () => ({ path: '/api/v1/organisations/import', body: { kind: 'association' } }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: () => ({
          path: '/api/v1/organisations/import',
          rawBody: 'kind;name_fi;municipalities\n',
          headers: { 'content-type': 'text/csv' },
        }),
      },
    ],
  },
  {
    operation: 'POST /api/v1/organisation-imports',
    cases: [
      {
        what: 'starts an import: 202 with the running import and its Location',
        status: 202,
        call: () => ({
          path: '/api/v1/organisation-imports',
          rawBody: `kind;name_fi;municipalities\nassociation;${unique('Taustatuonti')};889\n`,
          headers: { 'content-type': 'text/csv' },
        }),
        then: (res) => {
          expectLocation('/api/v1/organisation-imports')(res);
          expect(bodyOf<{ total: number }>(res)).toMatchObject({ total: 1 });
        },
      },
      {
        what: 'an API key of the region',
        as: 'apiKey',
        status: 202,
        call: () => ({
          path: '/api/v1/organisation-imports',
          rawBody: `kind;name_fi;municipalities\nassociation;${unique('Avaintuonti')};889\n`,
          headers: { 'content-type': 'text/csv' },
        }),
        then: expectLocation('/api/v1/organisation-imports'),
      },
      {
        what: 'a file with unknown columns',
        status: 422,
        call: () => ({
          path: '/api/v1/organisation-imports',
          rawBody: 'kind;nimi;municipalities\nassociation;X;889\n',
          headers: { 'content-type': 'text/csv' },
        }),
      },
      {
        what: 'JSON instead of a CSV file',
        status: 415,
        call: () => ({ path: '/api/v1/organisation-imports', body: { kind: 'association' } }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: () => ({
          path: '/api/v1/organisation-imports',
          rawBody: 'kind;name_fi;municipalities\n',
          headers: { 'content-type': 'text/csv' },
        }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/organisation-imports/{id}',
    cases: [
      {
        what: 'an import the caller started, with its counts',
        status: 200,
        call: async () => {
          const started = await system().request('POST', '/api/v1/organisation-imports', {
            rawBody: `kind;name_fi;municipalities\nassociation;${unique('Seurattava tuonti')};889\n`,
            headers: { 'content-type': 'text/csv' },
          });
          if (started.status !== 202) throw new Error(`set-up import: expected 202, got ${started.status}: ${started.text.slice(0, 300)}`);
          return { path: started.headers.get('location') ?? '' };
        },
        then: (res) => expect(bodyOf<{ total: number }>(res)).toMatchObject({ total: 1 }),
      },
      {
        what: 'an API key reads the import it started',
        as: 'apiKey',
        status: 200,
        call: async () => {
          const started = await system().request('POST', '/api/v1/organisation-imports', {
            rawBody: `kind;name_fi;municipalities\nassociation;${unique('Avaimen tuonti')};889\n`,
            headers: { 'content-type': 'text/csv', authorization: `Bearer ${(await fx.apiKey()).key}` },
          });
          if (started.status !== 202) throw new Error(`set-up import: expected 202, got ${started.status}: ${started.text.slice(0, 300)}`);
          return { path: started.headers.get('location') ?? '' };
        },
      },
      { what: 'unknown id', status: 404, call: () => ({ path: '/api/v1/organisation-imports/imp_00000000000000000000000000000000' }) },
      { what: 'malformed id', status: 404, call: () => ({ path: '/api/v1/organisation-imports/nothing' }) },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: () => ({ path: '/api/v1/organisation-imports/imp_00000000000000000000000000000000' }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/organisations/export.csv',
    cases: [
      {
        what: 'the register as CSV',
        status: 200,
        call: async () => (await fx.organisation(), { path: '/api/v1/organisations/export.csv?region=17' }),
        then: (res) => expect(res.text.split('\r\n')[0]).toMatch(/^\uFEFF?id;kind;name_fi;/),
      },
      {
        what: 'an API key, filtered',
        as: 'apiKey',
        status: 200,
        call: () => ({ path: '/api/v1/organisations/export.csv?municipality=889&kind=association&status=active' }),
      },
      { what: 'unknown region', status: 422, call: () => ({ path: '/api/v1/organisations/export.csv?region=99' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/organisations/export.csv' }) },
    ],
  },
  {
    operation: 'GET /api/v1/organisations/export.ndjson',
    cases: [
      {
        what: 'the register, one organisation per line',
        status: 200,
        call: async () => (
          await fx.organisation(),
          await fx.secondOrganisation(),
          { path: '/api/v1/organisations/export.ndjson?region=17' }
        ),
        then: (res) => expect(res.text.trimEnd().split('\n').length).toBeGreaterThanOrEqual(2),
      },
      {
        what: 'an API key, filtered',
        as: 'apiKey',
        status: 200,
        call: () => ({ path: '/api/v1/organisations/export.ndjson?theme=inclusion&lifeStage=older-people' }),
      },
      { what: 'unknown theme', status: 422, call: () => ({ path: '/api/v1/organisations/export.ndjson?theme=flying' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/organisations/export.ndjson' }) },
    ],
  },
];
