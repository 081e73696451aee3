import { isValidBusinessId } from '@yp/contracts-http';
import { TestSystem, connectTestDatabase, type ApiResponse, type AppName } from '@yp/shared-testing';
import { Conformance, operationsOf, swaggerParser, type OpenApiDocument, type OperationKey, type ParserResult } from './openapi-checker';

/**
 * What the conformance files of this folder share: the system of the file (only the apps it
 * names), the fixtures the tables build lazily, the shape of a table entry, and how one call is
 * sent and checked. An area's file is one line, `describeConformanceArea(AREAS.x)`; which areas
 * exist and which operations each one covers is in areas.ts, and document.e2e-spec.ts checks that
 * together they cover exactly the document.
 */

/** Failed logins before a username is locked out (lowered from 5 so the 429 is cheap to reach). */
export const LOGIN_MAX_FAILURES = '2';
export const PASSWORD = 'conformance-password-123';
export const NEW_PASSWORD = 'conformance-password-456';
export const PUBLIC_OPERATIONS = new Set(['POST /api/v1/auth/token', 'POST /api/v1/auth/refresh']);
export const UNKNOWN = {
  user: 'usr_00000000000000000000000000000000',
  key: 'key_0000000000',
  organisation: 'org_00000000000000000000000000000000',
  officer: 'lo_00000000000000000000000000000000',
  person: 'per_00000000000000000000000000000000',
};

// --- The system of this file and the document it serves --------------------------------------

interface Started {
  readonly system: TestSystem;
  readonly raw: OpenApiDocument;
  readonly parsed: ParserResult;
  readonly conformance: Conformance;
}
let startedSystem: TestSystem | undefined;
let started: Started | undefined;

function ready(): Started {
  if (!started) throw new Error('the conformance system is not started (useConformanceSystem in a beforeAll)');
  return started;
}
export const system = (): TestSystem => ready().system;
export const conformance = (): Conformance => ready().conformance;
/** The document as served, and what swagger-parser made of it. */
export const served = (): { raw: OpenApiDocument; parsed: ParserResult } => ready();

/** Starts the file's system with only `apps`, and reads and dereferences the document its gateway serves. */
export function useConformanceSystem(
  name: string,
  apps: readonly AppName[],
  env: Partial<Record<AppName, Record<string, string>>> = {},
): void {
  beforeAll(async () => {
    const system = (startedSystem = await TestSystem.start(name, apps, env));
    const res = await system.request<OpenApiDocument>('GET', '/docs/openapi.json', { auth: false });
    if (res.status !== 200) throw new Error(`GET /docs/openapi.json: ${res.status} ${res.text.slice(0, 300)}`);
    const parsed = await swaggerParser(res.body);
    if (!parsed.dereferenced)
      throw new Error(`swagger-parser could not dereference the document: ${parsed.dereferenceError ?? 'no output'}`);
    started = { system, raw: res.body, parsed, conformance: new Conformance(operationsOf(parsed.dereferenced)) };
  });

  afterAll(async () => {
    await startedSystem?.stop();
  });
}

// --- What the tables need --------------------------------------------------------------------

const stamp = Date.now().toString(36);
let counter = 0;
export const unique = (prefix: string) => `${prefix}-${stamp}-${++counter}`;

export const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
};

/** A set-up call that must succeed; the table's own calls are the ones checked. */
export async function must<T>(
  method: string,
  path: string,
  body: unknown,
  status: number,
  options: { token?: string } = {},
): Promise<ApiResponse<T>> {
  const res = await system().request<T>(method, path, {
    body,
    ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
  });
  if (res.status !== status) throw new Error(`set-up ${method} ${path}: expected ${status}, got ${res.status}: ${res.text.slice(0, 300)}`);
  return res;
}

export function businessId(): string {
  for (;;) {
    const body = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
    for (let check = 0; check <= 9; check++) if (isValidBusinessId(`${body}-${check}`)) return `${body}-${check}`;
  }
}

export const hsdsId = (registerId: string) =>
  registerId.slice(registerId.indexOf('_') + 1).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
export const partnershipBody = (organisationId: string, extra: Record<string, unknown> = {}) => ({
  municipality: '889',
  partnerOrganisationIds: [organisationId],
  title: { fi: unique('Kumppanuussopimus') },
  themes: ['loneliness'],
  startsOn: '2027-01-01',
  endsOn: '2028-12-31',
  ...extra,
});
export const activityBody = (organisationId: string, extra: Record<string, unknown> = {}) => ({
  organisationId,
  name: { fi: unique('Vertaistukiryhmä') },
  type: 'peer-support',
  deliveryModes: ['remote'],
  municipalities: ['889'],
  ...extra,
});
export const organisationBody = (municipality: string, extra: Record<string, unknown> = {}) => ({
  kind: 'association',
  name: { fi: `Kelpo Kyläyhdistys ${unique('ry')}` },
  municipalities: [municipality],
  ...extra,
});
export const contactBody = (organisationId: string) => ({
  name: 'Maija Mäkelä',
  email: `${unique('maija.makela')}@kylayhdistys.example.fi`,
  phone: '+358 40 123 4567',
  title: 'Puheenjohtaja',
  language: 'fi',
  organisationId,
});
export const officerBody = (municipality: string) => ({
  name: 'Liisa Lähde',
  email: `${unique('liisa.lahde')}@pudasjarvi.example.fi`,
  language: 'fi',
  municipalities: [municipality],
});
export const userBody = () => ({
  username: `${unique('oas')}@example.fi`,
  displayName: 'Oona Openapi',
  roles: ['coordinator'],
  regions: ['17'],
  password: PASSWORD,
});

export async function newUser(): Promise<{ id: string; username: string }> {
  const body = userBody();
  const res = await must<{ id: string }>('POST', '/api/v1/users', body, 201);
  return { id: res.body.id, username: body.username };
}

/**
 * An address on hold, written straight into the notifications database: a hold comes from an SMTP
 * 5xx, which MailDev never answers (the 5xx path itself is tested in apps/notifications/test).
 */
export async function addressHold(): Promise<string> {
  const id = (++counter).toString(16).padStart(32, '0');
  const db = await connectTestDatabase(system().databaseName('notifications'));
  try {
    await db.collection('address_holds').insertOne({
      _id: id as never,
      personId: 'per_00000000000000000000000000000001',
      maskedAddress: 'l***@pudasjarvi.example.fi',
      reason: '550 5.1.1 mailbox unavailable',
      deliveryId: 'd'.repeat(64),
      createdAt: new Date(),
    });
  } finally {
    await db.close();
  }
  return id;
}

export const fx = {
  /** A read-write API key of North Ostrobothnia (17). */
  apiKey: once(
    async () =>
      (
        await must<{ id: string; key: string }>(
          'POST',
          '/api/v1/api-keys',
          { name: unique('conformance key'), regions: ['17'], access: 'read-write' },
          201,
        )
      ).body,
  ),
  user: once(newUser),
  organisation: once(async () => (await must<{ id: string }>('POST', '/api/v1/organisations', organisationBody('889'), 201)).body.id),
  secondOrganisation: once(async () => (await must<{ id: string }>('POST', '/api/v1/organisations', organisationBody('494'), 201)).body.id),
  activity: once(
    async (): Promise<string> =>
      (await must<{ id: string }>('POST', '/api/v1/activities', activityBody(await fx.organisation()), 201)).body.id,
  ),
  partnership: once(
    async (): Promise<string> =>
      (await must<{ id: string }>('POST', '/api/v1/partnerships', partnershipBody(await fx.organisation()), 201)).body.id,
  ),
  hsdsActivity: once(async (): Promise<string> => {
    const id = (
      await must<{ id: string }>(
        'POST',
        '/api/v1/activities',
        activityBody(await fx.organisation(), {
          description: { fi: 'Kahvia ja seuraa' },
          deliveryModes: ['at-place'],
          location: { street: 'Kylätie 1', postalCode: '93100', postOffice: 'Pudasjärvi' },
          themes: ['loneliness'],
          lifeStages: ['older-people'],
          municipalities: ['889', '615'],
          schedule: {
            weekly: [{ day: 'tue', opens: '10:00', closes: '14:00' }],
            occurrences: [{ starts: '2026-12-05T12:00:00+02:00', ends: '2026-12-05T15:00:00+02:00' }],
            notes: { fi: 'Ei heinäkuussa' },
          },
          cost: { free: false, description: { fi: '2 €' } },
          languages: ['fi', 'fi-sign'],
          accessibility: { fi: 'Luiska' },
          contact: { email: 'kahvila@example.fi', phone: '+358 40 123 4567', website: 'https://kahvila.example.fi' },
          validTo: '2099-01-01T00:00:00Z',
        }),
        201,
      )
    ).body.id;
    await must('POST', `/api/v1/activities/${id}/publish`, undefined, 200);
    return id;
  }),
  publishedActivity: once(async (): Promise<string> => {
    const id = (await must<{ id: string }>('POST', '/api/v1/activities', activityBody(await fx.organisation()), 201)).body.id;
    await must('POST', `/api/v1/activities/${id}/publish`, undefined, 200);
    return id;
  }),
  officer: once(async () => (await must<{ id: string }>('POST', '/api/v1/liaison-officers', officerBody('889'), 201)).body.id),
  contact: once(
    async (): Promise<string> =>
      (await must<{ id: string }>('POST', '/api/v1/contacts', contactBody(await fx.organisation()), 201)).body.id,
  ),
  secondContact: once(
    async (): Promise<string> =>
      (await must<{ id: string }>('POST', '/api/v1/contacts', contactBody(await fx.organisation()), 201)).body.id,
  ),
  erasedPerson: once(async (): Promise<string> => {
    const personId = (await must<{ personId: string }>('POST', '/api/v1/contacts', contactBody(await fx.organisation()), 201)).body
      .personId;
    await must('POST', `/api/v1/persons/${personId}/erase`, undefined, 204);
    return personId;
  }),
  /** A user who has changed their password, so passwordChangedAt is a timestamp. */
  userWithChangedPassword: once(async () => {
    const user = await newUser();
    const session = await system().logIn(user.username, PASSWORD);
    await must('POST', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, 204, {
      token: session.accessToken,
    });
    return user.id;
  }),
};

export async function etagOf(path: string): Promise<string> {
  const res = await must('GET', path, undefined, 200);
  const etag = res.headers.get('etag');
  if (!etag) throw new Error(`set-up GET ${path}: no ETag`);
  return etag;
}

// --- The table: one entry per documented operation --------------------------------------------

/** Who calls: the admin (default), nobody, the read-write API key, or a token the call supplies. */
export type As = 'admin' | 'anonymous' | 'apiKey' | 'token';
export interface Call {
  readonly path: string;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  /** With `as: 'token'`. */
  readonly token?: string;
}
export interface Case {
  readonly what: string;
  readonly as?: As;
  readonly status: number;
  readonly call: () => Call | Promise<Call>;
  /** Extra assertions on this answer (headers the document promises). */
  readonly then?: (res: ApiResponse) => void | Promise<void>;
}
export interface Entry {
  readonly operation: OperationKey;
  readonly cases: readonly Case[];
}

export const bodyOf = <T>(res: ApiResponse) => res.body as T;
export const expectLocation = (prefix: string) => (res: ApiResponse) => {
  expect(res.headers.get('location')).toBe(`${prefix}/${bodyOf<{ id: string }>(res).id}`);
};
export const expectEtagOfVersion = (res: ApiResponse) => {
  expect(res.headers.get('etag')).toBe(`"${bodyOf<{ version: number }>(res).version}"`);
};

export function sessionCases(): { token: () => Promise<string>; refresh: () => Promise<string> } {
  let tokens: Promise<{ accessToken: string; refreshToken: string }> | undefined;
  const session = () =>
    (tokens ??= (async () => {
      const user = await newUser();
      return system().logIn(user.username, PASSWORD);
    })());
  return { token: async () => (await session()).accessToken, refresh: async () => (await session()).refreshToken };
}

// --- Running a call ---------------------------------------------------------------------------

export const methodOf = (operation: string) => operation.split(' ')[0] ?? 'GET';
export const isSuccess = (status: number) => status >= 200 && status < 300;

export async function send(method: string, call: Call, as: As): Promise<{ res: ApiResponse; correlationId: string }> {
  const correlationId = unique('oas');
  const headers: Record<string, string> = { 'x-correlation-id': correlationId, ...(call.headers ?? {}) };
  if (as === 'apiKey') headers.authorization = `Bearer ${(await fx.apiKey()).key}`;
  if (as === 'token') headers.authorization = `Bearer ${call.token ?? ''}`;
  const res = await system().request(method, call.path, { body: call.body, rawBody: call.rawBody, headers, auth: as !== 'anonymous' });
  return { res, correlationId };
}

export async function runCase(operation: string, c: Case): Promise<string[]> {
  const label = `${operation} — ${c.what} (${c.as ?? 'admin'})`;
  let call: Call;
  try {
    call = await c.call();
  } catch (error) {
    return [`${label}: set-up failed: ${String(error)}`];
  }
  const { res, correlationId } = await send(methodOf(operation), call, c.as ?? 'admin');
  const problems = conformance().check(operation, call.path, res, correlationId);
  if (res.status !== c.status) problems.unshift(`expected HTTP ${c.status}, got ${res.status}: ${res.text.slice(0, 300)}`);
  if (isSuccess(c.status) && res.status === c.status) problems.push(...conformance().checkRequest(operation, call.path, call.body));
  if (res.status === 201 && !res.headers.get('location')) problems.push('201 without a Location header');
  if (c.then && res.status === c.status) {
    try {
      await c.then(res);
    } catch (error) {
      problems.push(error instanceof Error ? error.message.split('\n').slice(0, 4).join(' ') : String(error));
    }
  }
  return problems.map((p) => `${label}: ${p}`);
}

/** A path for the operation with every `{param}` filled in (the value does not matter to the refusals tested in document.e2e-spec.ts). */
export const samplePath = (operation: string) => (operation.split(' ')[1] ?? '').replace(/\{[^}]+\}/g, 'x');

// --- An area: the operations one file runs ----------------------------------------------------

/** One area of the API: the apps its calls need, and one entry per operation it covers, in the order they run. */
export interface Area {
  readonly name: string;
  readonly apps: readonly AppName[];
  readonly env?: Partial<Record<AppName, Record<string, string>>>;
  readonly entries: readonly Entry[];
}

/**
 * Runs every entry of the area against the running API, then stops the services behind the
 * gateway and checks the 503 of every operation of the area that documents one.
 */
export function describeConformanceArea(area: Area): void {
  describe(`the running API answers as documented: ${area.name}`, () => {
    useConformanceSystem(`openapi-${area.name}`, area.apps, area.env);

    it.each(area.entries.map((entry) => ({ operation: entry.operation, entry })))('$operation', async ({ entry }) => {
      const problems: string[] = [];
      for (const c of entry.cases) problems.push(...(await runCase(entry.operation, c)));
      expect(problems).toEqual([]);
    });

    // Last on purpose: the services behind the gateway stay stopped until the system stops.
    describe('with the services behind the gateway down', () => {
      it('answers 503 problem+json on every operation of this area that documents 503', async () => {
        const problems: string[] = [];
        // Calls are built while the services still answer (some read an id or an ETag first).
        const calls = new Map<string, Call>();
        for (const entry of area.entries) {
          if (!conformance().operations.get(entry.operation)?.responses?.['503']) continue;
          const success = entry.cases.find((c) => isSuccess(c.status) && (c.as ?? 'admin') === 'admin');
          if (success) calls.set(entry.operation, await success.call());
          else problems.push(`${entry.operation}: no successful admin call in the table to repeat`);
        }
        expect(calls.size).toBeGreaterThan(0);
        await Promise.all(area.apps.filter((app) => app !== 'gateway').map((app) => system().stopApp(app)));
        for (const [operation, call] of calls) {
          const { res, correlationId } = await send(methodOf(operation), call, 'admin');
          const found = conformance().check(operation, call.path, res, correlationId);
          if (res.status !== 503) found.unshift(`expected HTTP 503, got ${res.status}: ${res.text.slice(0, 200)}`);
          problems.push(...found.map((p) => `${operation}: ${p}`));
        }
        expect(problems).toEqual([]);
      });
    });
  });
}
