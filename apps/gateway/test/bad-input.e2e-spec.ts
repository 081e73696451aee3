import { createHmac } from 'node:crypto';
import { TestSystem, TEST_ADMIN, connectTestDatabase, type ApiResponse } from '@yp/shared-testing';

/**
 * Bad input at the gateway, through real processes: unknown fields, wrong types, `$`-operators in
 * bodies or query strings, prototype keys, oversized and malformed bodies, missing or bad
 * credentials. Every one must be a 4xx problem+json with a useful message, never a 500, and
 * nothing may be stored.
 */

const JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123';
const ORGANISATIONS = '/api/v1/organisations';
const LIAISON_OFFICERS = '/api/v1/liaison-officers';
const TOKEN = '/api/v1/auth/token';
const MiB = 1024 * 1024;

/** A body the API would accept: each case breaks exactly one thing about it. */
const validOrganisation = { kind: 'association', name: { fi: 'Kelpo Kyläyhdistys ry' }, municipalities: ['615'] };
const validOfficer = { name: 'Liisa Lähde', email: 'liisa.lahde@pudasjarvi.example.fi', language: 'fi', municipalities: ['615'] };

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT built by hand so each claim and the algorithm can be wrong on purpose. */
function jwt(payload: Record<string, unknown>, options: { secret?: string; alg?: 'HS256' | 'none' } = {}): string {
  const alg = options.alg ?? 'HS256';
  const signingInput = `${b64url({ alg, typ: 'JWT', kid: 'k1' })}.${b64url(payload)}`;
  if (alg === 'none') return `${signingInput}.`;
  return `${signingInput}.${createHmac('sha256', options.secret ?? JWT_SECRET)
    .update(signingInput)
    .digest('base64url')}`;
}

const now = () => Math.floor(Date.now() / 1000);
const claims = (overrides: Record<string, unknown> = {}) => ({
  sub: 'bootstrap-admin',
  roles: ['admin'],
  regions: [],
  aud: 'yhteispeli-api',
  iss: 'yhteispeli',
  iat: now() - 60,
  exp: now() + 600,
  ...overrides,
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface BadInput {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: string;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  /** false: send no Authorization header at all (default: a valid admin token unless headers carry one). */
  readonly auth?: boolean;
  readonly status: 400 | 401 | 404 | 413 | 415 | 422;
  /** The stable problem code, where the status alone does not say which refusal it is. */
  readonly code?: string;
  /** Must match the detail or one of the errors as "field: message". */
  readonly says: RegExp;
}

const cases: BadInput[] = [
  // Unknown fields and wrong types: 422 with the field named.
  {
    name: 'unknown top-level field',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, isAdmin: true },
    status: 422,
    says: /^isAdmin: unknown field "isAdmin"$/,
  },
  {
    name: 'unknown nested field in name',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, name: { fi: 'Kylä ry', de: 'Dorfverein' } },
    status: 422,
    says: /^name\.de: unknown field "name\.de"$/,
  },
  {
    name: 'name as a string',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, name: 'Kylä ry' },
    status: 422,
    says: /^name: .*(object|nested)/,
  },
  {
    name: 'name.fi empty',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, name: { fi: '' } },
    status: 422,
    says: /^name\.fi: .*longer than or equal to 1/,
  },
  {
    name: 'name.fi of 201 characters',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, name: { fi: 'k'.repeat(201) } },
    status: 422,
    says: /^name\.fi: .*shorter than or equal to 200/,
  },
  {
    name: 'kind not in the enum',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, kind: 'cult' },
    status: 422,
    says: /^kind: kind must be one of the following values/,
  },
  {
    name: 'kind as a number',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, kind: 3 },
    status: 422,
    says: /^kind: kind must be one of the following values/,
  },
  {
    name: 'municipalities empty',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, municipalities: [] },
    status: 422,
    says: /^municipalities: .*at least 1 elements/,
  },
  {
    name: "unknown municipality code '999'",
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, municipalities: ['999'] },
    status: 422,
    says: /^municipalities: .*official municipality code/,
  },
  {
    name: "municipality code '6150'",
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, municipalities: ['6150'] },
    status: 422,
    says: /^municipalities: .*official municipality code/,
  },
  {
    name: 'municipalities as a string',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, municipalities: '615' },
    status: 422,
    says: /^municipalities: municipalities must be an array$/,
  },
  {
    name: 'duplicate municipality codes',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, municipalities: ['615', '615'] },
    status: 422,
    says: /^municipalities: .*unique/,
  },
  {
    name: '61 municipality codes',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, municipalities: Array.from({ length: 61 }, (_, i) => String(100 + i)) },
    status: 422,
    says: /^municipalities: .*no more than 60 elements/,
  },
  {
    name: 'businessId with a wrong check digit',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, businessId: '1572860-1' },
    status: 422,
    says: /^businessId: .*Finnish business ID.*check digit/,
  },
  {
    name: 'email malformed',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, email: 'info@@example' },
    status: 422,
    says: /^email: email must be an email$/,
  },
  {
    name: 'website javascript:alert(1)',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, website: 'javascript:alert(1)' },
    status: 422,
    says: /^website: website must be a URL/,
  },
  {
    name: 'phone with letters',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, phone: 'call me maybe' },
    status: 422,
    says: /^phone: phone must be a phone number/,
  },

  // Operators and prototype keys in bodies: 400 before any handler sees them.
  {
    name: 'name.$gt operator',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, name: { $gt: '' } },
    status: 400,
    code: 'REQUEST.FORBIDDEN_KEY',
    says: /Field "name\.\$gt" is not allowed/,
  },
  {
    name: '$where at the top level',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, $where: '1' },
    status: 400,
    code: 'REQUEST.FORBIDDEN_KEY',
    says: /Field "\$where" is not allowed/,
  },
  {
    name: '__proto__ key (raw JSON)',
    method: 'POST',
    path: ORGANISATIONS,
    rawBody: `{"__proto__": {"admin": true}, ${JSON.stringify(validOrganisation).slice(1)}`,
    status: 400,
    code: 'REQUEST.FORBIDDEN_KEY',
    says: /Field "__proto__" is not allowed/,
  },
  {
    name: 'constructor.prototype nested',
    method: 'POST',
    path: ORGANISATIONS,
    rawBody: JSON.stringify({ ...validOrganisation, name: { fi: 'Kylä ry', constructor: { prototype: { admin: true } } } }),
    status: 400,
    code: 'REQUEST.FORBIDDEN_KEY',
    says: /Field "name\.constructor" is not allowed/,
  },

  // Malformed, mistyped and oversized bodies.
  {
    name: 'malformed JSON',
    method: 'POST',
    path: ORGANISATIONS,
    rawBody: '{"kind": "association",',
    status: 400,
    code: 'REQUEST.MALFORMED_JSON',
    says: /not valid JSON/,
  },
  {
    name: 'a JSON array body',
    method: 'POST',
    path: ORGANISATIONS,
    body: [validOrganisation],
    status: 422,
    says: /^0: unknown field "0"$/,
  },
  {
    name: 'a text/plain body',
    method: 'POST',
    path: ORGANISATIONS,
    rawBody: JSON.stringify(validOrganisation),
    headers: { 'content-type': 'text/plain' },
    status: 415,
    says: /Send the body as application\/json/,
  },
  {
    name: 'a body just over 1 MiB',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, description: { fi: 'x'.repeat(MiB) } },
    status: 413,
    says: /larger than the limit of 1 MiB/,
  },
  {
    name: 'a 5 MiB body',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, description: { fi: 'x'.repeat(5 * MiB) } },
    status: 413,
    says: /larger than the limit of 1 MiB/,
  },

  // Missing or bad credentials: 401, with a valid body, so a bypass would store something.
  {
    name: 'no Authorization header',
    method: 'POST',
    path: ORGANISATIONS,
    body: validOrganisation,
    auth: false,
    status: 401,
    says: /valid bearer token or API key is required \(No auth token\)/,
  },
  {
    name: 'Authorization: Bearer garbage',
    method: 'POST',
    path: ORGANISATIONS,
    body: validOrganisation,
    headers: bearer('garbage'),
    status: 401,
    says: /valid bearer token or API key is required \(jwt malformed\)/,
  },
  {
    name: 'JWT signed with a different secret',
    method: 'POST',
    path: ORGANISATIONS,
    body: validOrganisation,
    headers: bearer(jwt(claims(), { secret: 'some-other-secret-0123456789abcdef0123' })),
    status: 401,
    says: /invalid signature/,
  },
  {
    name: 'JWT with alg none',
    method: 'POST',
    path: ORGANISATIONS,
    body: validOrganisation,
    headers: bearer(jwt(claims(), { alg: 'none' })),
    status: 401,
    says: /signature is required|invalid algorithm/,
  },
  {
    name: 'expired JWT',
    method: 'POST',
    path: ORGANISATIONS,
    body: validOrganisation,
    headers: bearer(jwt(claims({ iat: now() - 7200, exp: now() - 3600 }))),
    status: 401,
    says: /jwt expired/,
  },
  {
    name: 'JWT with the wrong audience',
    method: 'POST',
    path: ORGANISATIONS,
    body: validOrganisation,
    headers: bearer(jwt(claims({ aud: 'someone-else' }))),
    status: 401,
    says: /jwt audience invalid/,
  },
  {
    name: 'JWT with the wrong issuer',
    method: 'POST',
    path: ORGANISATIONS,
    body: validOrganisation,
    headers: bearer(jwt(claims({ iss: 'evil' }))),
    status: 401,
    says: /jwt issuer invalid/,
  },
  {
    name: 'Basic auth instead of Bearer',
    method: 'POST',
    path: ORGANISATIONS,
    body: validOrganisation,
    headers: { authorization: `Basic ${Buffer.from(`${TEST_ADMIN.username}:${TEST_ADMIN.password}`).toString('base64')}` },
    status: 401,
    says: /No auth token/,
  },
  {
    name: 'list without a token',
    method: 'GET',
    path: ORGANISATIONS,
    auth: false,
    status: 401,
    says: /valid bearer token or API key is required/,
  },

  // Query strings.
  {
    name: 'query municipality[$ne]=1',
    method: 'GET',
    path: `${ORGANISATIONS}?municipality[$ne]=1`,
    status: 400,
    code: 'REQUEST.FORBIDDEN_KEY',
    says: /Query parameter "municipality\[\$ne\]" is not allowed/,
  },
  {
    name: 'query $where=1',
    method: 'GET',
    path: `${ORGANISATIONS}?$where=1`,
    status: 400,
    code: 'REQUEST.FORBIDDEN_KEY',
    says: /Query parameter "\$where" is not allowed/,
  },
  { name: 'query limit=0', method: 'GET', path: `${ORGANISATIONS}?limit=0`, status: 422, says: /^limit: limit must not be less than 1$/ },
  {
    name: 'query limit=abc',
    method: 'GET',
    path: `${ORGANISATIONS}?limit=abc`,
    status: 422,
    says: /^limit: limit must be an integer number$/,
  },
  {
    name: 'query limit=100000',
    method: 'GET',
    path: `${ORGANISATIONS}?limit=100000`,
    status: 422,
    says: /^limit: limit must not be greater than 200$/,
  },
  {
    name: 'query kind=unknown',
    method: 'GET',
    path: `${ORGANISATIONS}?kind=unknown`,
    status: 422,
    says: /^kind: kind must be one of the following values/,
  },
  {
    name: 'query cursor=%00bad',
    method: 'GET',
    path: `${ORGANISATIONS}?cursor=%00bad`,
    status: 422,
    says: /^cursor: cursor must be a cursor returned by a previous page$/,
  },
  {
    name: 'unknown query parameter',
    method: 'GET',
    path: `${ORGANISATIONS}?admin=true`,
    status: 422,
    says: /^admin: unknown field "admin"$/,
  },

  // Logging in.
  {
    name: 'token: wrong password',
    method: 'POST',
    path: TOKEN,
    body: { username: TEST_ADMIN.username, password: 'not-the-password' },
    auth: false,
    status: 401,
    code: 'AUTH.INVALID_CREDENTIALS',
    says: /Wrong username or password/,
  },
  {
    name: 'token: missing password',
    method: 'POST',
    path: TOKEN,
    body: { username: TEST_ADMIN.username },
    auth: false,
    status: 422,
    says: /^password: password must be a string$/,
  },
  {
    name: 'token: password {"$ne": ""}',
    method: 'POST',
    path: TOKEN,
    body: { username: TEST_ADMIN.username, password: { $ne: '' } },
    auth: false,
    status: 400,
    code: 'REQUEST.FORBIDDEN_KEY',
    says: /Field "password\.\$ne" is not allowed/,
  },

  // Liaison officers.
  {
    name: 'liaison officer: bad email',
    method: 'POST',
    path: LIAISON_OFFICERS,
    body: { ...validOfficer, email: 'liisa(at)pudasjarvi' },
    status: 422,
    says: /^email: email must be an email$/,
  },
  {
    name: 'liaison officer: language de',
    method: 'POST',
    path: LIAISON_OFFICERS,
    body: { ...validOfficer, language: 'de' },
    status: 422,
    says: /^language: language must be one of the following values: fi, sv, en$/,
  },
  {
    name: 'liaison officer: no municipalities',
    method: 'POST',
    path: LIAISON_OFFICERS,
    body: { ...validOfficer, municipalities: undefined },
    status: 422,
    says: /^municipalities: municipalities must be an array$/,
  },

  { name: 'id with a broken percent-encoding', method: 'GET', path: `${ORGANISATIONS}/%E0%A4%A`, status: 400, says: /decode/i },

  // Conditional writes.
  {
    name: 'PATCH with If-Match: garbage',
    method: 'PATCH',
    path: `${ORGANISATIONS}/org_${'0'.repeat(32)}`,
    body: { phone: '+358 40 123 4567' },
    headers: { 'if-match': 'garbage' },
    status: 400,
    code: 'REQUEST.BAD_IF_MATCH',
    says: /If-Match must be an ETag/,
  },
  {
    // Not the same as no header: an empty one would otherwise make a conditional write unconditional.
    name: 'PATCH with an empty If-Match',
    method: 'PATCH',
    path: `${ORGANISATIONS}/org_${'0'.repeat(32)}`,
    body: { phone: '+358 40 123 4567' },
    headers: { 'if-match': '' },
    status: 400,
    code: 'REQUEST.BAD_IF_MATCH',
    says: /If-Match must be an ETag/,
  },

  // null where the document does not say nullable: leave the field out instead.
  {
    name: 'null in an optional field',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, businessId: null },
    status: 422,
    says: /^businessId: businessId cannot be null$/,
  },
  {
    name: 'null in a nested optional text',
    method: 'POST',
    path: ORGANISATIONS,
    body: { ...validOrganisation, name: { fi: 'Kylä ry', sv: null } },
    status: 422,
    says: /^name\.sv: sv cannot be null$/,
  },
  {
    name: 'liaison officer: activeTo null',
    method: 'POST',
    path: LIAISON_OFFICERS,
    body: { ...validOfficer, activeTo: null },
    status: 422,
    says: /^activeTo: activeTo cannot be null$/,
  },
];

describe('bad input at the gateway', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start('badinput', ['gateway', 'organisations']);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it(`has a table of at least 36 bad inputs (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(36);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s → 4xx problem+json', async (_name, c) => {
    const res: ApiResponse<Record<string, unknown>> = await system.request(c.method, c.path, {
      body: c.body,
      rawBody: c.rawBody,
      headers: c.headers,
      auth: c.auth,
    });
    const problem = (typeof res.body === 'object' && res.body !== null ? res.body : {}) as {
      status?: unknown;
      code?: unknown;
      detail?: string;
      errors?: { field: string; message: string }[];
    };

    // One comparison first, so a failure prints the whole answer.
    const aString: unknown = expect.any(String);
    const problemJson: unknown = expect.stringContaining('application/problem+json');
    const stableCode: unknown = c.code ?? expect.stringMatching(/^[A-Z_]+\.[A-Z_]+$/);
    const problemShape: unknown = expect.objectContaining({
      type: aString,
      title: aString,
      status: c.status,
      code: stableCode,
      correlationId: aString,
    });
    expect({ status: res.status, contentType: res.headers.get('content-type'), body: res.body }).toEqual({
      status: c.status,
      contentType: problemJson,
      body: problemShape,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(problem.status).toBe(res.status);
    expect(problem.code).toMatch(/^[A-Z_]+\.[A-Z_]+$/);

    const said = [problem.detail ?? '', ...(problem.errors ?? []).map((e) => `${e.field}: ${e.message}`)];
    expect(said).toEqual(expect.arrayContaining([expect.stringMatching(c.says)]));
  });

  it('stored nothing', async () => {
    const db = await connectTestDatabase(system.databaseName('organisations'));
    try {
      const counts: Record<string, number> = {};
      for (const name of [
        'organisations',
        'organisations_changes',
        'organisation_business_ids',
        'liaison_officers',
        'liaison_officers_changes',
      ]) {
        counts[name] = await db.collection(name).countDocuments({});
      }
      expect(counts).toEqual({
        organisations: 0,
        organisations_changes: 0,
        organisation_business_ids: 0,
        liaison_officers: 0,
        liaison_officers_changes: 0,
      });
    } finally {
      await db.close();
    }
  });
});
