import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isValidBusinessId } from '@yp/contracts-http';
import { ALL_APPS, REPO_ROOT, TestSystem, connectTestDatabase, type ApiResponse } from '@yp/shared-testing';

/**
 * The OpenAPI document against the running system (all five services, Kafka, FerretDB).
 *
 * 1. The document at /docs/openapi.json is valid OpenAPI 3.x (swagger-parser) and every operation
 *    is documented completely: id, tag, summary, a 2xx with a schema (or 204), problem+json 4xx,
 *    security that names a defined scheme, Retry-After on 429, paths under /api/v1/.
 * 2. A table with one entry per documented operation sends realistic successful calls and
 *    documented error calls; every answer must have a documented status, the documented media type,
 *    a body valid against the documented schema (2xx bodies may not carry undocumented fields),
 *    and the X-Correlation-Id that was sent. The table must cover exactly the document's
 *    operations, so an undocumented route, or a route without an entry, fails here.
 * 3. Refusals every operation can give (forbidden query names, non-JSON and oversized bodies, and
 *    503 with the services behind the gateway down) must be documented where they happen.
 * The checker itself is tested first against answers that must fail, so a pass means something.
 */

/** Failed logins before a username is locked out (lowered from 5 so the 429 is cheap to reach). */
const LOGIN_MAX_FAILURES = '2';
const PASSWORD = 'conformance-password-123';
const NEW_PASSWORD = 'conformance-password-456';
const PUBLIC_OPERATIONS = new Set(['POST /api/v1/auth/token', 'POST /api/v1/auth/refresh']);
/** Gateway files allowed to hide routes from the document (none of them under /api): the AsyncAPI document, the pages behind links in emails. */
const UNDOCUMENTED_ALLOWED = new Set(['openapi/asyncapi.controller.ts', 'notification-links/notification-links.controller.ts']);
/** Media types a success may answer with: JSON, and the bulk exports (CSV for spreadsheets, NDJSON streams). */
const SUCCESS_MEDIA_TYPES = ['application/json', 'text/csv', 'application/x-ndjson'];
/** Request bodies are JSON, except the CSV import. */
const REQUEST_MEDIA_TYPES = ['application/json', 'text/csv'];
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const UNKNOWN = {
  user: 'usr_00000000000000000000000000000000',
  key: 'key_0000000000',
  organisation: 'org_00000000000000000000000000000000',
  officer: 'lo_00000000000000000000000000000000',
  person: 'per_00000000000000000000000000000000',
};

// --- The parts of OpenAPI 3.0 this test reads -------------------------------------------------

type JsonSchema = Record<string, unknown>;
interface MediaTypeObject {
  schema?: JsonSchema;
}
interface HeaderObject {
  required?: boolean;
  schema?: JsonSchema;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaTypeObject>;
  headers?: Record<string, HeaderObject>;
}
interface ParameterObject {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}
interface OperationObject {
  operationId?: string;
  tags?: string[];
  summary?: string;
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content?: Record<string, MediaTypeObject> };
  responses?: Record<string, ResponseObject>;
  security?: Record<string, string[]>[];
}
interface OpenApiDocument {
  openapi: string;
  info: { title?: string; version?: string };
  tags?: { name: string }[];
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema>; securitySchemes?: Record<string, unknown> };
}
type Method = Uppercase<(typeof HTTP_METHODS)[number]>;
/** `GET /api/v1/users/{id}`: the method and the path template as the document writes them. */
type OperationKey = `${Method} /api/v1/${string}`;

function operationsOf(doc: OpenApiDocument): Map<string, OperationObject> {
  const ops = new Map<string, OperationObject>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as OperationObject | undefined;
      if (op) ops.set(`${method.toUpperCase()} ${path}`, op);
    }
  }
  return ops;
}

/**
 * swagger-parser (the standard validator) in a child Node process: version 13 requires an
 * ES-module-only dependency (json-schema-ref-parser) that Jest's CommonJS module registry refuses
 * without --experimental-vm-modules, while plain Node loads it (require(esm)). Both calls get a
 * copy of the document, since swagger-parser dereferences in place.
 */
const SWAGGER_PARSER_SCRIPT = `
const SwaggerParser = require('@apidevtools/swagger-parser');
let input = '';
process.stdin.setEncoding('utf8').on('data', (chunk) => (input += chunk)).on('end', async () => {
  const doc = JSON.parse(input);
  const out = {};
  try { await SwaggerParser.validate(structuredClone(doc)); out.valid = true; } catch (e) { out.valid = false; out.errors = String(e && e.message); }
  try { out.dereferenced = await SwaggerParser.dereference(structuredClone(doc)); } catch (e) { out.dereferenceError = String(e && e.message); }
  process.stdout.write(JSON.stringify(out));
});`;

interface ParserResult {
  readonly valid: boolean;
  readonly errors?: string;
  readonly dereferenced?: OpenApiDocument;
  readonly dereferenceError?: string;
}

function swaggerParser(doc: OpenApiDocument): Promise<ParserResult> {
  return new Promise((resolveResult, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', SWAGGER_PARSER_SCRIPT],
      { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`swagger-parser failed: ${error.message} ${stderr}`));
        else resolveResult(JSON.parse(stdout) as ParserResult);
      },
    );
    child.stdin?.end(JSON.stringify(doc));
  });
}

// --- Schemas: OpenAPI 3.0 → JSON Schema for ajv -----------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Translates an (already dereferenced) OpenAPI 3.0 schema for ajv: `nullable` becomes a `null`
 * type (and a `null` enum member), boolean exclusiveMinimum/Maximum become numbers, `example` goes.
 * `closed` makes objects with documented properties refuse undocumented ones (used for 2xx bodies:
 * a field the API returns must be in the document).
 */
function toJsonSchema(schema: unknown, closed: boolean): unknown {
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'nullable') continue;
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub, closed)]));
    } else if ((key === 'items' || key === 'not' || key === 'additionalProperties') && isObject(value)) {
      out[key] = toJsonSchema(value, closed);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((sub) => toJsonSchema(sub, closed));
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  }
  for (const [bound, limit] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[bound] === true) {
      out[bound] = out[limit];
      delete out[limit];
    } else if (out[bound] === false) {
      delete out[bound];
    }
  }
  if (closed && isObject(out.properties) && out.additionalProperties === undefined && !out.allOf && !out.anyOf && !out.oneOf) {
    out.additionalProperties = false;
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('password', true);

function compile(schema: JsonSchema, closed: boolean): ValidateFunction {
  return ajv.compile(toJsonSchema(schema, closed) as JsonSchema);
}

const describeErrors = (validate: ValidateFunction) =>
  (validate.errors ?? [])
    .map(
      (e) =>
        `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
    )
    .join('; ');

// --- Checking one answer against the document -------------------------------------------------

interface Observed {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

class Conformance {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly operations: Map<string, OperationObject>) {}

  /** Everything about one answer that differs from the document, as readable lines. */
  check(operation: string, requestPath: string, res: Observed, sentCorrelationId?: string): string[] {
    const problems: string[] = [];
    const op = this.operations.get(operation);
    if (!op) return [`${operation} is not in the document`];
    if (sentCorrelationId !== undefined && res.headers.get('x-correlation-id') !== sentCorrelationId) {
      problems.push(`X-Correlation-Id not echoed (sent ${sentCorrelationId}, got ${res.headers.get('x-correlation-id')})`);
    }
    const responses = op.responses ?? {};
    const documented = responses[String(res.status)] ?? responses.default;
    if (!documented) {
      problems.push(
        `status ${res.status} is not documented (documented: ${Object.keys(responses).join(', ')}); body: ${res.text.slice(0, 200)}`,
      );
      return problems;
    }
    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      const value = res.headers.get(name);
      if (value === null) {
        problems.push(`documented header ${name} missing on ${res.status}`);
      } else if (header.schema) {
        const parsed = header.schema.type === 'integer' || header.schema.type === 'number' ? Number(value) : value;
        const validate = compile(header.schema, false);
        if (!validate(parsed)) problems.push(`header ${name}: ${value} does not match its schema (${describeErrors(validate)})`);
      }
    }
    const content = documented.content ?? {};
    const mediaTypes = Object.keys(content);
    const actualType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (mediaTypes.length === 0) {
      if (res.text !== '')
        problems.push(`${res.status} is documented without a body but one came (${actualType}): ${res.text.slice(0, 200)}`);
      return problems;
    }
    const media = content[actualType];
    if (!media) {
      problems.push(`${res.status} answered ${actualType || 'no content type'}; documented: ${mediaTypes.join(', ')}`);
      return problems;
    }
    if (actualType === 'application/x-ndjson') return [...problems, ...this.checkNdjson(operation, res, media)];
    if (actualType.endsWith('json') && typeof res.body === 'string')
      problems.push(`${res.status} body is not JSON: ${res.text.slice(0, 200)}`);
    if (media.schema) {
      const success = res.status >= 200 && res.status < 300;
      const key = `${operation} ${res.status} ${actualType}`;
      let validate = this.validators.get(key);
      if (!validate) {
        validate = compile(media.schema, success);
        this.validators.set(key, validate);
      }
      if (!validate(res.body)) problems.push(`${res.status} body does not match the documented schema: ${describeErrors(validate)}`);
    } else {
      problems.push(`${res.status} ${actualType} has no documented schema`);
    }
    if (actualType === 'application/problem+json' && isObject(res.body)) {
      if (res.body.status !== res.status)
        problems.push(`problem.status ${JSON.stringify(res.body.status)} differs from HTTP ${res.status}`);
      if (res.body.correlationId !== res.headers.get('x-correlation-id'))
        problems.push(`problem.correlationId differs from the X-Correlation-Id header`);
      const path = requestPath.split('?')[0];
      if (res.body.instance !== undefined && res.body.instance !== path)
        problems.push(`problem.instance ${JSON.stringify(res.body.instance)} is not the request path ${path}`);
    }
    return problems;
  }

  /** NDJSON (a stream of documents): every line is one JSON document of the documented schema, the last ends with a newline. */
  private checkNdjson(operation: string, res: Observed, media: MediaTypeObject): string[] {
    if (!media.schema) return [`${res.status} application/x-ndjson has no documented schema`];
    const key = `${operation} ${res.status} application/x-ndjson`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = compile(media.schema, res.status >= 200 && res.status < 300);
      this.validators.set(key, validate);
    }
    if (res.text !== '' && !res.text.endsWith('\n')) return [`${res.status} NDJSON does not end with a newline (cut off?)`];
    const problems: string[] = [];
    res.text
      .split('\n')
      .slice(0, -1)
      .forEach((line, i) => {
        let document: unknown;
        try {
          document = JSON.parse(line);
        } catch {
          problems.push(`${res.status} NDJSON line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
          return;
        }
        if (!validate(document))
          problems.push(`${res.status} NDJSON line ${i + 1} does not match the documented schema: ${describeErrors(validate)}`);
      });
    return problems;
  }

  /** A request body or query the table sends must be one the document describes. */
  checkRequest(operation: string, requestPath: string, body: unknown): string[] {
    const op = this.operations.get(operation);
    if (!op) return [];
    const problems: string[] = [];
    const query = new URL(requestPath, 'http://x').searchParams;
    const documentedQuery = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of query.keys()) if (!documentedQuery.has(name)) problems.push(`query parameter ${name} is not documented`);
    if (body !== undefined) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (!schema) {
        problems.push('a JSON request body is not documented');
      } else {
        const key = `${operation} request`;
        let validate = this.validators.get(key);
        if (!validate) {
          validate = compile(schema, true);
          this.validators.set(key, validate);
        }
        if (!validate(body))
          problems.push(`the request body the API accepted does not match the documented request schema: ${describeErrors(validate)}`);
      }
    }
    return problems;
  }
}

// --- The system and what the table needs ------------------------------------------------------

let system: TestSystem;
let raw: OpenApiDocument;
let parsed: ParserResult;
let conformance: Conformance;
const stamp = Date.now().toString(36);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${stamp}-${++counter}`;

const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
};

/** A set-up call that must succeed; the table's own calls are the ones checked. */
async function must<T>(
  method: string,
  path: string,
  body: unknown,
  status: number,
  options: { token?: string } = {},
): Promise<ApiResponse<T>> {
  const res = await system.request<T>(method, path, {
    body,
    ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
  });
  if (res.status !== status) throw new Error(`set-up ${method} ${path}: expected ${status}, got ${res.status}: ${res.text.slice(0, 300)}`);
  return res;
}

function businessId(): string {
  for (;;) {
    const body = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
    for (let check = 0; check <= 9; check++) if (isValidBusinessId(`${body}-${check}`)) return `${body}-${check}`;
  }
}

const hsdsId = (registerId: string) =>
  registerId.slice(registerId.indexOf('_') + 1).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
const partnershipBody = (organisationId: string, extra: Record<string, unknown> = {}) => ({
  municipality: '889',
  partnerOrganisationIds: [organisationId],
  title: { fi: unique('Kumppanuussopimus') },
  themes: ['loneliness'],
  startsOn: '2027-01-01',
  endsOn: '2028-12-31',
  ...extra,
});
const activityBody = (organisationId: string, extra: Record<string, unknown> = {}) => ({
  organisationId,
  name: { fi: unique('Vertaistukiryhmä') },
  type: 'peer-support',
  deliveryModes: ['remote'],
  municipalities: ['889'],
  ...extra,
});
const organisationBody = (municipality: string, extra: Record<string, unknown> = {}) => ({
  kind: 'association',
  name: { fi: `Kelpo Kyläyhdistys ${unique('ry')}` },
  municipalities: [municipality],
  ...extra,
});
const contactBody = (organisationId: string) => ({
  name: 'Maija Mäkelä',
  email: `${unique('maija.makela')}@kylayhdistys.example.fi`,
  phone: '+358 40 123 4567',
  title: 'Puheenjohtaja',
  language: 'fi',
  organisationId,
});
const officerBody = (municipality: string) => ({
  name: 'Liisa Lähde',
  email: `${unique('liisa.lahde')}@pudasjarvi.example.fi`,
  language: 'fi',
  municipalities: [municipality],
});
const userBody = () => ({
  username: `${unique('oas')}@example.fi`,
  displayName: 'Oona Openapi',
  roles: ['coordinator'],
  regions: ['17'],
  password: PASSWORD,
});

async function newUser(): Promise<{ id: string; username: string }> {
  const body = userBody();
  const res = await must<{ id: string }>('POST', '/api/v1/users', body, 201);
  return { id: res.body.id, username: body.username };
}

/**
 * An address on hold, written straight into the notifications database: a hold comes from an SMTP
 * 5xx, which MailDev never answers (the 5xx path itself is tested in apps/notifications/test).
 */
async function addressHold(): Promise<string> {
  const id = (++counter).toString(16).padStart(32, '0');
  const db = await connectTestDatabase(system.databaseName('notifications'));
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

const fx = {
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
    const session = await system.logIn(user.username, PASSWORD);
    await must('POST', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, 204, {
      token: session.accessToken,
    });
    return user.id;
  }),
};

async function etagOf(path: string): Promise<string> {
  const res = await must('GET', path, undefined, 200);
  const etag = res.headers.get('etag');
  if (!etag) throw new Error(`set-up GET ${path}: no ETag`);
  return etag;
}

// --- The table: one entry per documented operation --------------------------------------------

/** Who calls: the admin (default), nobody, the read-write API key, or a token the call supplies. */
type As = 'admin' | 'anonymous' | 'apiKey' | 'token';
interface Call {
  readonly path: string;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  /** With `as: 'token'`. */
  readonly token?: string;
}
interface Case {
  readonly what: string;
  readonly as?: As;
  readonly status: number;
  readonly call: () => Call | Promise<Call>;
  /** Extra assertions on this answer (headers the document promises). */
  readonly then?: (res: ApiResponse) => void | Promise<void>;
}
interface Entry {
  readonly operation: OperationKey;
  readonly cases: readonly Case[];
}

const bodyOf = <T>(res: ApiResponse) => res.body as T;
const expectLocation = (prefix: string) => (res: ApiResponse) => {
  expect(res.headers.get('location')).toBe(`${prefix}/${bodyOf<{ id: string }>(res).id}`);
};
const expectEtagOfVersion = (res: ApiResponse) => {
  expect(res.headers.get('etag')).toBe(`"${bodyOf<{ version: number }>(res).version}"`);
};

function sessionCases(): { token: () => Promise<string>; refresh: () => Promise<string> } {
  let tokens: Promise<{ accessToken: string; refreshToken: string }> | undefined;
  const session = () =>
    (tokens ??= (async () => {
      const user = await newUser();
      return system.logIn(user.username, PASSWORD);
    })());
  return { token: async () => (await session()).accessToken, refresh: async () => (await session()).refreshToken };
}
const refreshSession = sessionCases();
const logoutSession = sessionCases();
const passwordSession = sessionCases();

const TABLE: readonly Entry[] = [
  // --- auth
  {
    operation: 'POST /api/v1/auth/token',
    cases: [
      {
        what: 'logs in',
        as: 'anonymous',
        status: 200,
        call: async () => ({ path: '/api/v1/auth/token', body: { username: (await fx.user()).username, password: PASSWORD } }),
        then: (res) => expect(bodyOf<{ tokenType: string }>(res).tokenType).toBe('Bearer'),
      },
      {
        what: 'wrong password',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: '/api/v1/auth/token', body: { username: (await fx.user()).username, password: 'not-the-password' } }),
      },
      { what: 'no password', as: 'anonymous', status: 422, call: () => ({ path: '/api/v1/auth/token', body: { username: 'someone' } }) },
      {
        what: 'locked out after repeated failures',
        as: 'anonymous',
        status: 429,
        call: async () => {
          const body = { username: `${unique('locked')}@example.fi`, password: 'guess-guess-guess' };
          for (let i = 0; i < Number(LOGIN_MAX_FAILURES); i++) await system.request('POST', '/api/v1/auth/token', { body, auth: false });
          return { path: '/api/v1/auth/token', body };
        },
        then: (res) => expect(res.headers.get('retry-after')).toMatch(/^\d+$/),
      },
    ],
  },
  {
    operation: 'POST /api/v1/auth/refresh',
    cases: [
      {
        what: 'exchanges a refresh token',
        as: 'anonymous',
        status: 200,
        call: async () => ({ path: '/api/v1/auth/refresh', body: { refreshToken: await refreshSession.refresh() } }),
      },
      {
        what: 'a used refresh token',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: '/api/v1/auth/refresh', body: { refreshToken: await refreshSession.refresh() } }),
      },
      {
        what: 'not a refresh token',
        as: 'anonymous',
        status: 422,
        call: () => ({ path: '/api/v1/auth/refresh', body: { refreshToken: 'nope' } }),
      },
    ],
  },
  {
    operation: 'POST /api/v1/auth/logout',
    cases: [
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/auth/logout' }) },
      { what: 'an API key has no session', as: 'apiKey', status: 403, call: () => ({ path: '/api/v1/auth/logout' }) },
      {
        what: 'ends the session',
        as: 'token',
        status: 204,
        call: async () => ({ path: '/api/v1/auth/logout', token: await logoutSession.token() }),
      },
      {
        what: 'the ended session',
        as: 'token',
        status: 401,
        call: async () => ({ path: '/api/v1/auth/logout', token: await logoutSession.token() }),
      },
    ],
  },
  {
    operation: 'POST /api/v1/auth/password',
    cases: [
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: () => ({ path: '/api/v1/auth/password', body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } }),
      },
      {
        what: 'an API key is not a person',
        as: 'apiKey',
        status: 403,
        call: () => ({ path: '/api/v1/auth/password', body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } }),
      },
      {
        what: 'wrong current password',
        as: 'token',
        status: 401,
        call: async () => ({
          path: '/api/v1/auth/password',
          token: await passwordSession.token(),
          body: { currentPassword: 'not-the-password', newPassword: NEW_PASSWORD },
        }),
      },
      {
        what: 'new password too short',
        as: 'token',
        status: 422,
        call: async () => ({
          path: '/api/v1/auth/password',
          token: await passwordSession.token(),
          body: { currentPassword: PASSWORD, newPassword: 'short' },
        }),
      },
      {
        what: 'changes it',
        as: 'token',
        status: 204,
        call: async () => ({
          path: '/api/v1/auth/password',
          token: await passwordSession.token(),
          body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
        }),
      },
      {
        what: 'every session ended',
        as: 'token',
        status: 401,
        call: async () => ({
          path: '/api/v1/auth/password',
          token: await passwordSession.token(),
          body: { currentPassword: NEW_PASSWORD, newPassword: PASSWORD },
        }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/auth/me',
    cases: [
      {
        what: 'a person',
        status: 200,
        call: () => ({ path: '/api/v1/auth/me' }),
        then: (res) => expect(bodyOf<{ actor: string }>(res).actor).toMatch(/^user:/),
      },
      {
        what: 'an API key',
        as: 'apiKey',
        status: 200,
        call: () => ({ path: '/api/v1/auth/me' }),
        then: (res) => expect(bodyOf<{ actor: string }>(res).actor).toMatch(/^key:/),
      },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/auth/me' }) },
      { what: 'a token that is not one', as: 'token', status: 401, call: () => ({ path: '/api/v1/auth/me', token: 'not-a-token' }) },
    ],
  },
  // --- users
  {
    operation: 'POST /api/v1/users',
    cases: [
      {
        what: 'creates a user',
        status: 201,
        call: () => ({ path: '/api/v1/users', body: userBody() }),
        then: expectLocation('/api/v1/users'),
      },
      {
        what: 'username taken',
        status: 409,
        call: async () => ({ path: '/api/v1/users', body: { ...userBody(), username: (await fx.user()).username } }),
      },
      { what: 'invalid body', status: 422, call: () => ({ path: '/api/v1/users', body: { ...userBody(), roles: ['emperor'] } }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: () => ({ path: '/api/v1/users', body: userBody() }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/users', body: userBody() }) },
    ],
  },
  {
    operation: 'GET /api/v1/users',
    cases: [
      {
        what: 'a page with a next cursor',
        status: 200,
        call: async () => (await fx.user(), { path: '/api/v1/users?limit=1' }),
        then: (res) => expect(typeof bodyOf<{ nextCursor: unknown }>(res).nextCursor).toBe('string'),
      },
      {
        what: 'a cursor it did not return',
        status: 400,
        call: () => ({ path: `/api/v1/users?cursor=${Buffer.from('not-an-id').toString('base64url')}` }),
      },
      { what: 'limit out of range', status: 422, call: () => ({ path: '/api/v1/users?limit=0' }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: () => ({ path: '/api/v1/users' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/users' }) },
    ],
  },
  {
    operation: 'PATCH /api/v1/users/{id}',
    cases: [
      {
        what: 'changes a user (conditional)',
        status: 200,
        call: async () => {
          const id = (await fx.user()).id;
          return {
            path: `/api/v1/users/${id}`,
            body: { displayName: 'Oona Muutettu' },
            headers: { 'if-match': await etagOf(`/api/v1/users/${id}`) },
          };
        },
        then: expectEtagOfVersion,
      },
      {
        what: 'stale If-Match',
        status: 412,
        call: async () => ({
          path: `/api/v1/users/${(await fx.user()).id}`,
          body: { displayName: 'Oona' },
          headers: { 'if-match': '"999"' },
        }),
      },
      {
        what: 'malformed If-Match',
        status: 400,
        call: async () => ({
          path: `/api/v1/users/${(await fx.user()).id}`,
          body: { displayName: 'Oona' },
          headers: { 'if-match': 'three' },
        }),
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/users/${UNKNOWN.user}`, body: { displayName: 'Oona' } }) },
      {
        what: 'invalid body',
        status: 422,
        call: async () => ({ path: `/api/v1/users/${(await fx.user()).id}`, body: { roles: ['emperor'] } }),
      },
      {
        what: 'an API key',
        as: 'apiKey',
        status: 403,
        call: async () => ({ path: `/api/v1/users/${(await fx.user()).id}`, body: { displayName: 'Oona' } }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: async () => ({ path: `/api/v1/users/${(await fx.user()).id}`, body: { displayName: 'Oona' } }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/users/{id}',
    cases: [
      { what: 'a user', status: 200, call: async () => ({ path: `/api/v1/users/${(await fx.user()).id}` }), then: expectEtagOfVersion },
      {
        what: 'a user who changed their password',
        status: 200,
        call: async () => ({ path: `/api/v1/users/${await fx.userWithChangedPassword()}` }),
        then: (res) => expect(typeof bodyOf<{ passwordChangedAt: unknown }>(res).passwordChangedAt).toBe('string'),
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/users/${UNKNOWN.user}` }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: async () => ({ path: `/api/v1/users/${(await fx.user()).id}` }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: async () => ({ path: `/api/v1/users/${(await fx.user()).id}` }) },
    ],
  },
  // --- API keys
  {
    operation: 'POST /api/v1/api-keys',
    cases: [
      {
        what: 'creates a key',
        status: 201,
        call: () => ({ path: '/api/v1/api-keys', body: { name: unique('Lapin synkronointi'), regions: ['19'], access: 'read' } }),
        then: (res) => {
          expectLocation('/api/v1/api-keys')(res);
          expect(bodyOf<{ key: string }>(res).key).toMatch(/^ypk_/);
        },
      },
      {
        what: 'invalid region',
        status: 422,
        call: () => ({ path: '/api/v1/api-keys', body: { name: 'x', regions: ['99'], access: 'read' } }),
      },
      {
        what: 'an API key',
        as: 'apiKey',
        status: 403,
        call: () => ({ path: '/api/v1/api-keys', body: { name: 'x', regions: ['17'], access: 'read' } }),
      },
      {
        what: 'no credentials',
        as: 'anonymous',
        status: 401,
        call: () => ({ path: '/api/v1/api-keys', body: { name: 'x', regions: ['17'], access: 'read' } }),
      },
    ],
  },
  {
    operation: 'GET /api/v1/api-keys',
    cases: [
      {
        what: 'a page with a next cursor',
        status: 200,
        call: async () => {
          await fx.apiKey();
          await must('POST', '/api/v1/api-keys', { name: unique('toinen avain'), regions: ['19'], access: 'read' }, 201);
          return { path: '/api/v1/api-keys?limit=1' };
        },
        then: (res) => expect(typeof bodyOf<{ nextCursor: unknown }>(res).nextCursor).toBe('string'),
      },
      {
        what: 'a cursor it did not return',
        status: 400,
        call: () => ({ path: `/api/v1/api-keys?cursor=${Buffer.from('not-an-id').toString('base64url')}` }),
      },
      { what: 'an API key', as: 'apiKey', status: 403, call: () => ({ path: '/api/v1/api-keys' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/api-keys' }) },
    ],
  },
  {
    operation: 'GET /api/v1/api-keys/{id}',
    cases: [
      {
        what: 'a used key',
        status: 200,
        call: async () => {
          const key = await fx.apiKey();
          await system.request('GET', '/api/v1/auth/me', { headers: { authorization: `Bearer ${key.key}` } });
          return { path: `/api/v1/api-keys/${key.id}` };
        },
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/api-keys/${UNKNOWN.key}` }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: async () => ({ path: `/api/v1/api-keys/${(await fx.apiKey()).id}` }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: async () => ({ path: `/api/v1/api-keys/${(await fx.apiKey()).id}` }) },
    ],
  },
  (() => {
    const revoked = once(
      async () =>
        (await must<{ id: string }>('POST', '/api/v1/api-keys', { name: unique('revoked'), regions: ['19'], access: 'read' }, 201)).body.id,
    );
    return {
      operation: 'DELETE /api/v1/api-keys/{id}',
      cases: [
        { what: 'revokes a key', status: 204, call: async () => ({ path: `/api/v1/api-keys/${await revoked()}` }) },
        { what: 'revoking again is a no-op', status: 204, call: async () => ({ path: `/api/v1/api-keys/${await revoked()}` }) },
        { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/api-keys/${UNKNOWN.key}` }) },
        { what: 'an API key', as: 'apiKey', status: 403, call: () => ({ path: `/api/v1/api-keys/${UNKNOWN.key}` }) },
        { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: `/api/v1/api-keys/${UNKNOWN.key}` }) },
      ],
    } satisfies Entry;
  })(),
  {
    operation: 'POST /api/v1/api-keys/{id}/rotate',
    cases: [
      {
        what: 'a new secret for the same key',
        status: 200,
        call: async () => ({
          path: `/api/v1/api-keys/${(await must<{ id: string }>('POST', '/api/v1/api-keys', { name: unique('rotated'), regions: ['19'], access: 'read' }, 201)).body.id}/rotate`,
          body: { previousValidForHours: 1 },
        }),
      },
      {
        what: 'a grace period out of range',
        status: 422,
        call: async () => ({ path: `/api/v1/api-keys/${(await fx.apiKey()).id}/rotate`, body: { previousValidForHours: 500 } }),
      },
      { what: 'unknown id', status: 404, call: () => ({ path: `/api/v1/api-keys/${UNKNOWN.key}/rotate`, body: {} }) },
      { what: 'an API key', as: 'apiKey', status: 403, call: () => ({ path: `/api/v1/api-keys/${UNKNOWN.key}/rotate`, body: {} }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: `/api/v1/api-keys/${UNKNOWN.key}/rotate`, body: {} }) },
    ],
  },
  // --- audit
  {
    operation: 'GET /api/v1/audit-events',
    cases: [
      {
        what: 'the latest writes',
        status: 200,
        call: async () => (
          await fx.organisation(),
          await fx.user(),
          { path: `/api/v1/audit-events?limit=2&since=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}` }
        ),
        then: (res) => expect(bodyOf<{ items: unknown[] }>(res).items.length).toBeGreaterThan(0),
      },
      { what: 'since is not a timestamp', status: 422, call: () => ({ path: '/api/v1/audit-events?since=yesterday' }) },
      {
        what: 'a cursor it did not return',
        status: 400,
        call: () => ({ path: `/api/v1/audit-events?cursor=${Buffer.from('not-an-id').toString('base64url')}` }),
      },
      { what: 'an API key', as: 'apiKey', status: 403, call: () => ({ path: '/api/v1/audit-events' }) },
      { what: 'no credentials', as: 'anonymous', status: 401, call: () => ({ path: '/api/v1/audit-events' }) },
    ],
  },
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

// --- Running a call ---------------------------------------------------------------------------

const methodOf = (operation: string) => operation.split(' ')[0] ?? 'GET';
const isSuccess = (status: number) => status >= 200 && status < 300;

async function send(method: string, call: Call, as: As): Promise<{ res: ApiResponse; correlationId: string }> {
  const correlationId = unique('oas');
  const headers: Record<string, string> = { 'x-correlation-id': correlationId, ...(call.headers ?? {}) };
  if (as === 'apiKey') headers.authorization = `Bearer ${(await fx.apiKey()).key}`;
  if (as === 'token') headers.authorization = `Bearer ${call.token ?? ''}`;
  const res = await system.request(method, call.path, { body: call.body, rawBody: call.rawBody, headers, auth: as !== 'anonymous' });
  return { res, correlationId };
}

async function runCase(operation: string, c: Case): Promise<string[]> {
  const label = `${operation} — ${c.what} (${c.as ?? 'admin'})`;
  let call: Call;
  try {
    call = await c.call();
  } catch (error) {
    return [`${label}: set-up failed: ${String(error)}`];
  }
  const { res, correlationId } = await send(methodOf(operation), call, c.as ?? 'admin');
  const problems = conformance.check(operation, call.path, res, correlationId);
  if (res.status !== c.status) problems.unshift(`expected HTTP ${c.status}, got ${res.status}: ${res.text.slice(0, 300)}`);
  if (isSuccess(c.status) && res.status === c.status) problems.push(...conformance.checkRequest(operation, call.path, call.body));
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

/** A path for the operation with every `{param}` filled in (the value does not matter to the refusals below). */
const samplePath = (operation: string) => (operation.split(' ')[1] ?? '').replace(/\{[^}]+\}/g, 'x');

// --- The tests --------------------------------------------------------------------------------

describe('OpenAPI document and conformance', () => {
  beforeAll(async () => {
    system = await TestSystem.start('openapi', ALL_APPS, { gateway: { LOGIN_MAX_FAILURES: LOGIN_MAX_FAILURES } });
    const res = await system.request<OpenApiDocument>('GET', '/docs/openapi.json', { auth: false });
    if (res.status !== 200) throw new Error(`GET /docs/openapi.json: ${res.status} ${res.text.slice(0, 300)}`);
    raw = res.body;
    parsed = await swaggerParser(raw);
    if (!parsed.dereferenced)
      throw new Error(`swagger-parser could not dereference the document: ${parsed.dereferenceError ?? 'no output'}`);
    conformance = new Conformance(operationsOf(parsed.dereferenced));
  });

  afterAll(async () => {
    await system?.stop();
  });

  describe('the document', () => {
    it('is served with Swagger UI at /docs and as JSON at /docs/openapi.json, next to the AsyncAPI document', async () => {
      const ui = await fetch(`${system.url('gateway')}/docs`);
      expect(ui.status).toBe(200);
      expect(ui.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await ui.text()).toMatch(/swagger-ui/i);
      const json = await system.request('GET', '/docs/openapi.json', { auth: false, headers: { 'x-correlation-id': 'oas-doc' } });
      expect(json.headers.get('content-type')).toMatch(/^application\/json/);
      expect(json.headers.get('x-correlation-id')).toBe('oas-doc');
      const asyncapi = await system.request<{ asyncapi: string }>('GET', '/docs/asyncapi.json', { auth: false });
      expect(asyncapi.status).toBe(200);
      expect(asyncapi.body.asyncapi).toMatch(/^3\./);
    });

    it('is a valid OpenAPI 3.x document (swagger-parser)', () => {
      expect(raw.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(raw.info.title).toBeTruthy();
      expect(raw.info.version).toBeTruthy();
      expect(parsed.errors ?? 'valid').toBe('valid');
      expect(parsed.valid).toBe(true);
    });

    it('documents every operation completely', () => {
      const problems: string[] = [];
      const schemes = new Set(Object.keys(raw.components?.securitySchemes ?? {}));
      const tags = new Set((raw.tags ?? []).map((t) => t.name));
      const ids = new Map<string, string>();
      expect(raw.security ?? []).toEqual([]);
      for (const [operation, op] of operationsOf(raw)) {
        const say = (text: string) => problems.push(`${operation}: ${text}`);
        const path = operation.split(' ')[1] ?? '';
        if (!path.startsWith('/api/v1/')) say('path is not under /api/v1/');
        if (!op.operationId) say('no operationId');
        else if (ids.has(op.operationId)) say(`operationId ${op.operationId} also used by ${ids.get(op.operationId)}`);
        else ids.set(op.operationId, operation);
        if (!op.tags?.length) say('no tag');
        for (const tag of op.tags ?? []) if (!tags.has(tag)) say(`tag ${tag} is not declared in the document's tags`);
        if (!op.summary?.trim()) say('no summary');
        for (const name of path.match(/\{[^}]+\}/g) ?? []) {
          if (!op.parameters?.some((p) => p.in === 'path' && `{${p.name}}` === name && p.required))
            say(`path parameter ${name} not documented as required`);
        }
        for (const p of op.parameters ?? [])
          if (!p.schema || (!p.schema.type && !p.schema.$ref)) say(`${p.in} parameter ${p.name} has no schema type`);

        const responses = op.responses ?? {};
        const successes = Object.keys(responses).filter((s) => /^2\d\d$/.test(s));
        if (successes.length === 0) say('no 2xx response documented');
        for (const status of successes) {
          const content = responses[status]?.content ?? {};
          if (status === '204') {
            if (Object.keys(content).length > 0) say('204 documents a body');
          } else if (!SUCCESS_MEDIA_TYPES.some((type) => content[type]?.schema)) {
            say(`${status} has no schema for ${SUCCESS_MEDIA_TYPES.join(', ')}`);
          }
        }
        const errors = Object.keys(responses).filter((s) => /^[45]\d\d$/.test(s));
        if (!errors.some((s) => s.startsWith('4'))) say('no 4xx response documented');
        for (const status of errors) {
          const content = responses[status]?.content ?? {};
          const media = Object.keys(content);
          if (media.length !== 1 || media[0] !== 'application/problem+json')
            say(`${status} is not documented as application/problem+json only (${media.join(', ') || 'no content'})`);
          else if (content['application/problem+json']?.schema?.$ref !== '#/components/schemas/ProblemDto')
            say(`${status} problem schema is not ProblemDto`);
        }
        if (!responses['429']) say('429 (rate limit) not documented');
        else if (!responses['429'].headers?.['Retry-After']) say('429 does not document Retry-After');

        if (PUBLIC_OPERATIONS.has(operation)) {
          if (op.security?.some((r) => Object.keys(r).length > 0)) say('public operation documents a security requirement');
        } else {
          if (!op.security?.length) say('no security requirement');
          for (const requirement of op.security ?? []) {
            if (Object.keys(requirement).length === 0) say('security allows anonymous calls');
            for (const scheme of Object.keys(requirement))
              if (!schemes.has(scheme)) say(`security scheme ${scheme} is not in components.securitySchemes`);
          }
          if (!responses['401']) say('401 not documented');
        }
        if (op.requestBody) {
          if (!REQUEST_MEDIA_TYPES.some((type) => op.requestBody?.content?.[type]?.schema))
            say(`request body has no schema for ${REQUEST_MEDIA_TYPES.join(', ')}`);
          for (const status of ['400', '413', '415', '422']) if (!responses[status]) say(`takes a body but does not document ${status}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('leaves out only routes outside /api (the AsyncAPI document, health, metrics)', () => {
      const root = resolve(REPO_ROOT, 'apps/gateway/src');
      const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(root, f));
      const hiding = files.filter((f) => /@ApiExclude(Controller|Endpoint)\(/.test(readFileSync(f, 'utf8')));
      const offenders = hiding.filter((f) => !UNDOCUMENTED_ALLOWED.has(relative(root, f)) || /['"`]\/?api\//.test(readFileSync(f, 'utf8')));
      expect(offenders.map((f) => relative(REPO_ROOT, f))).toEqual([]);
    });
  });

  describe('the checker', () => {
    const op = 'GET /api/v1/users/{id}';
    const valid = {
      id: UNKNOWN.user,
      username: 'oona@example.fi',
      displayName: 'Oona',
      roles: ['coordinator'],
      regions: ['17'],
      disabled: false,
      version: 1,
      createdAt: '2026-11-23T10:00:00.000Z',
      updatedAt: '2026-11-23T10:00:00.000Z',
      passwordChangedAt: null,
    };
    const answer = (status: number, body: unknown, contentType = 'application/json; charset=utf-8'): Observed => ({
      status,
      headers: new Headers({ 'content-type': contentType, 'x-correlation-id': 'c-1', etag: '"1"' }),
      body,
      text: JSON.stringify(body),
    });

    it('accepts an answer as documented', () => {
      expect(conformance.check(op, `/api/v1/users/${UNKNOWN.user}`, answer(200, valid), 'c-1')).toEqual([]);
    });

    it('refuses wrong bodies, undocumented fields, statuses and media types, and a lost correlation id', () => {
      expect(conformance.check(op, '/x', answer(200, { ...valid, id: 5 }), 'c-1').join()).toMatch(/\/id must be string/);
      expect(conformance.check(op, '/x', answer(200, { ...valid, password: 'secret' }), 'c-1').join()).toMatch(
        /additional properties \(password\)/,
      );
      expect(conformance.check(op, '/x', answer(200, { ...valid, roles: ['emperor'] }), 'c-1').join()).toMatch(
        /roles\/0 must be equal to one of the allowed values/,
      );
      expect(conformance.check(op, '/x', answer(418, {}), 'c-1').join()).toMatch(/status 418 is not documented/);
      expect(conformance.check(op, '/x', answer(200, valid, 'text/html'), 'c-1').join()).toMatch(/answered text\/html/);
      expect(conformance.check(op, '/x', answer(404, { title: 'Not found' }, 'application/problem+json'), 'c-1').join()).toMatch(
        /must have required property 'code'/,
      );
      expect(conformance.check(op, '/x', answer(200, valid), 'c-2').join()).toMatch(/X-Correlation-Id not echoed/);
    });

    it('checks NDJSON line by line against the schema of one line', () => {
      const ndjson = 'GET /api/v1/organisations/export.ndjson';
      const stream = (text: string): Observed => ({
        status: 200,
        headers: new Headers({ 'content-type': 'application/x-ndjson; charset=utf-8', 'x-correlation-id': 'c-1' }),
        body: text,
        text,
      });
      expect(conformance.check(ndjson, '/x', stream(''), 'c-1')).toEqual([]);
      expect(conformance.check(ndjson, '/x', stream('{"id":5}\n'), 'c-1').join()).toMatch(
        /NDJSON line 1 does not match the documented schema/,
      );
      expect(conformance.check(ndjson, '/x', stream('not json\n'), 'c-1').join()).toMatch(/NDJSON line 1 is not JSON/);
      expect(conformance.check(ndjson, '/x', stream('{"id":"x"}'), 'c-1').join()).toMatch(/does not end with a newline/);
    });

    it('swagger-parser refuses a broken document', async () => {
      const broken = structuredClone(raw);
      delete (broken as Partial<OpenApiDocument>).info;
      const firstPath = Object.values(broken.paths)[0];
      if (firstPath) firstPath.get = { responses: { '200': { $ref: '#/components/responses/Nowhere' } } };
      const result = await swaggerParser(broken);
      expect(result.valid).toBe(false);
      expect(result.errors).toMatch(/info|Nowhere/);
    });

    it('reads OpenAPI 3.0 nullable as JSON Schema null', () => {
      const validate = compile(
        {
          type: 'object',
          properties: {
            at: { type: 'string', format: 'date-time', nullable: true },
            kind: { type: 'string', enum: ['a'], nullable: true },
          },
        },
        true,
      );
      expect(validate({ at: null, kind: null })).toBe(true);
      expect(validate({ at: '2026-11-23T10:00:00Z', kind: 'a' })).toBe(true);
      expect(validate({ at: 'yesterday' })).toBe(false);
      expect(validate({ at: 3 })).toBe(false);
    });
  });

  describe('the running API answers as documented', () => {
    it('has a table entry for every documented operation, and none for an undocumented one', () => {
      const documented = [...conformance.operations.keys()].sort();
      const tabled = TABLE.map((e) => e.operation as string).sort();
      expect({
        missingFromTable: documented.filter((o) => !tabled.includes(o)),
        notInDocument: tabled.filter((o) => !documented.includes(o)),
      }).toEqual({
        missingFromTable: [],
        notInDocument: [],
      });
      expect(new Set(tabled).size).toBe(tabled.length);
    });

    it('each entry tries a success, a refusal, and the credentials the document names', () => {
      const problems: string[] = [];
      for (const entry of TABLE) {
        const op = conformance.operations.get(entry.operation);
        if (!op) continue;
        const say = (text: string) => problems.push(`${entry.operation}: ${text}`);
        if (!entry.cases.some((c) => isSuccess(c.status))) say('no successful call');
        if (!entry.cases.some((c) => c.status >= 400 && c.status < 500)) say('no documented error call');
        const schemes = new Set((op.security ?? []).flatMap((r) => Object.keys(r)));
        if (schemes.size === 0) {
          if (!entry.cases.some((c) => c.as === 'anonymous' && isSuccess(c.status))) say('public, but no successful anonymous call');
        } else {
          if (!entry.cases.some((c) => c.as === 'anonymous' && c.status === 401)) say('no call without credentials (401)');
          const keyCase = entry.cases.find((c) => c.as === 'apiKey');
          if (schemes.has('apiKey') && !(keyCase && isSuccess(keyCase.status)))
            say('documents apiKey security but no call with an API key succeeds');
          if (!schemes.has('apiKey') && keyCase?.status !== 403)
            say('does not document apiKey security, so an API key call must be refused with 403');
        }
      }
      expect(problems).toEqual([]);
    });

    it.each(TABLE.map((entry) => ({ operation: entry.operation, entry })))('$operation', async ({ entry }) => {
      const problems: string[] = [];
      for (const c of entry.cases) problems.push(...(await runCase(entry.operation, c)));
      expect(problems).toEqual([]);
    });
  });

  describe('refusals every operation can give are documented on every operation', () => {
    async function probe(
      filter: (operation: string, op: OperationObject) => boolean,
      request: (operation: string) => Call,
      status: number,
    ): Promise<string[]> {
      const problems: string[] = [];
      for (const [operation, op] of conformance.operations) {
        if (!filter(operation, op)) continue;
        const call = request(operation);
        const { res, correlationId } = await send(methodOf(operation), call, PUBLIC_OPERATIONS.has(operation) ? 'anonymous' : 'admin');
        const found = conformance.check(operation, call.path, res, correlationId);
        if (res.status !== status) found.unshift(`expected HTTP ${status}, got ${res.status}: ${res.text.slice(0, 200)}`);
        problems.push(...found.map((p) => `${operation}: ${p}`));
      }
      return problems;
    }

    it('400 for a forbidden query parameter name ($-operator)', async () => {
      expect(
        await probe(
          () => true,
          (operation) => ({ path: `${samplePath(operation)}?%24where=1` }),
          400,
        ),
      ).toEqual([]);
    });

    it('415 for a body that is not JSON', async () => {
      expect(
        await probe(
          (_o, op) => op.requestBody !== undefined,
          (operation) => ({ path: samplePath(operation), rawBody: 'name=x', headers: { 'content-type': 'text/plain' } }),
          415,
        ),
      ).toEqual([]);
    });

    it('413 for a body over 1 MiB', async () => {
      const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
      expect(
        await probe(
          (_o, op) => op.requestBody !== undefined,
          (operation) => ({ path: samplePath(operation), rawBody: big }),
          413,
        ),
      ).toEqual([]);
    });
  });

  // Last on purpose: the services behind the gateway stay stopped until the system stops.
  describe('with the services behind the gateway down', () => {
    it('answers 503 problem+json on every operation that documents 503', async () => {
      const problems: string[] = [];
      // Calls are built while the services still answer (some read an id or an ETag first).
      const calls = new Map<string, Call>();
      for (const [operation, op] of conformance.operations) {
        if (!op.responses?.['503']) continue;
        const success = TABLE.find((e) => e.operation === operation)?.cases.find(
          (c) => isSuccess(c.status) && (c.as ?? 'admin') === 'admin',
        );
        if (success) calls.set(operation, await success.call());
        else problems.push(`${operation}: no successful admin call in the table to repeat`);
      }
      await Promise.all([system.stopApp('organisations'), system.stopApp('notifications')]);
      for (const [operation, call] of calls) {
        const { res, correlationId } = await send(methodOf(operation), call, 'admin');
        const found = conformance.check(operation, call.path, res, correlationId);
        if (res.status !== 503) found.unshift(`expected HTTP 503, got ${res.status}: ${res.text.slice(0, 200)}`);
        problems.push(...found.map((p) => `${operation}: ${p}`));
      }
      expect(problems).toEqual([]);
    });
  });
});
