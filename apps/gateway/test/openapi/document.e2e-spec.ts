import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '@yp/shared-testing';
import { AREAS } from './areas';
import {
  PUBLIC_OPERATIONS,
  UNKNOWN,
  conformance,
  isSuccess,
  methodOf,
  samplePath,
  send,
  served,
  system,
  useConformanceSystem,
  type Call,
} from './conformance-harness';
import { compile, swaggerParser, operationsOf, type Observed, type OpenApiDocument, type OperationObject } from './openapi-checker';

/**
 * The OpenAPI document of the running gateway (alone: nothing here reaches a service behind it).
 *
 * 1. The document at /docs/openapi.json is valid OpenAPI 3.x (swagger-parser) and every operation
 *    is documented completely: id, tag, summary, a 2xx with a schema (or 204), problem+json 4xx,
 *    security that names a defined scheme, Retry-After on 429, paths under /api/v1/.
 * 2. The checker (openapi-checker.ts) is tested against answers that must fail, so a pass means
 *    something.
 * 3. The tables of the areas (areas.ts) cover exactly the document's operations, each area is run by
 *    its own file, and every entry tries a success, a refusal and the documented credentials. The
 *    area files send the calls: every answer must have a documented status, the documented media
 *    type, a body valid against the documented schema (2xx bodies may not carry undocumented
 *    fields), and the X-Correlation-Id that was sent; with the services behind the gateway down,
 *    every operation that documents 503 answers it.
 * 4. Refusals every operation can give at the gateway (forbidden query names, non-JSON and oversized
 *    bodies) are documented on every operation.
 */

/** Gateway files allowed to hide routes from the document (none of them under /api): the AsyncAPI document, the pages behind links in emails. */
const UNDOCUMENTED_ALLOWED = new Set(['openapi/asyncapi.controller.ts', 'notification-links/notification-links.controller.ts']);
/** Media types a success may answer with: JSON, and the bulk exports (CSV for spreadsheets, NDJSON streams). */
const SUCCESS_MEDIA_TYPES = ['application/json', 'text/csv', 'application/x-ndjson'];
/** Request bodies are JSON, except the CSV import. */
const REQUEST_MEDIA_TYPES = ['application/json', 'text/csv'];

describe('the OpenAPI document', () => {
  useConformanceSystem('openapi-document', ['gateway']);

  describe('the document', () => {
    it('is served with Swagger UI at /docs and as JSON at /docs/openapi.json, next to the AsyncAPI document', async () => {
      const ui = await fetch(`${system().url('gateway')}/docs`);
      expect(ui.status).toBe(200);
      expect(ui.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await ui.text()).toMatch(/swagger-ui/i);
      const json = await system().request('GET', '/docs/openapi.json', { auth: false, headers: { 'x-correlation-id': 'oas-doc' } });
      expect(json.headers.get('content-type')).toMatch(/^application\/json/);
      expect(json.headers.get('x-correlation-id')).toBe('oas-doc');
      const asyncapi = await system().request<{ asyncapi: string }>('GET', '/docs/asyncapi.json', { auth: false });
      expect(asyncapi.status).toBe(200);
      expect(asyncapi.body.asyncapi).toMatch(/^3\./);
    });

    it('is a valid OpenAPI 3.x document (swagger-parser)', () => {
      const { raw, parsed } = served();
      expect(raw.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(raw.info.title).toBeTruthy();
      expect(raw.info.version).toBeTruthy();
      expect(parsed.errors ?? 'valid').toBe('valid');
      expect(parsed.valid).toBe(true);
    });

    it('documents every operation completely', () => {
      const { raw } = served();
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
      expect(conformance().check(op, `/api/v1/users/${UNKNOWN.user}`, answer(200, valid), 'c-1')).toEqual([]);
    });

    it('refuses wrong bodies, undocumented fields, statuses and media types, and a lost correlation id', () => {
      expect(
        conformance()
          .check(op, '/x', answer(200, { ...valid, id: 5 }), 'c-1')
          .join(),
      ).toMatch(/\/id must be string/);
      expect(
        conformance()
          .check(op, '/x', answer(200, { ...valid, password: 'secret' }), 'c-1')
          .join(),
      ).toMatch(/additional properties \(password\)/);
      expect(
        conformance()
          .check(op, '/x', answer(200, { ...valid, roles: ['emperor'] }), 'c-1')
          .join(),
      ).toMatch(/roles\/0 must be equal to one of the allowed values/);
      expect(conformance().check(op, '/x', answer(418, {}), 'c-1').join()).toMatch(/status 418 is not documented/);
      expect(
        conformance()
          .check(op, '/x', answer(200, valid, 'text/html'), 'c-1')
          .join(),
      ).toMatch(/answered text\/html/);
      expect(
        conformance()
          .check(op, '/x', answer(404, { title: 'Not found' }, 'application/problem+json'), 'c-1')
          .join(),
      ).toMatch(/must have required property 'code'/);
      expect(conformance().check(op, '/x', answer(200, valid), 'c-2').join()).toMatch(/X-Correlation-Id not echoed/);
    });

    it('checks NDJSON line by line against the schema of one line', () => {
      const ndjson = 'GET /api/v1/organisations/export.ndjson';
      const stream = (text: string): Observed => ({
        status: 200,
        headers: new Headers({ 'content-type': 'application/x-ndjson; charset=utf-8', 'x-correlation-id': 'c-1' }),
        body: text,
        text,
      });
      expect(conformance().check(ndjson, '/x', stream(''), 'c-1')).toEqual([]);
      expect(conformance().check(ndjson, '/x', stream('{"id":5}\n'), 'c-1').join()).toMatch(
        /NDJSON line 1 does not match the documented schema/,
      );
      expect(conformance().check(ndjson, '/x', stream('not json\n'), 'c-1').join()).toMatch(/NDJSON line 1 is not JSON/);
      expect(conformance().check(ndjson, '/x', stream('{"id":"x"}'), 'c-1').join()).toMatch(/does not end with a newline/);
    });

    it('swagger-parser refuses a broken document', async () => {
      const broken = structuredClone(served().raw);
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

  describe('the tables cover the document: one entry per operation, each run by its area’s file', () => {
    const areas = Object.entries(AREAS);
    const tabled = areas.flatMap(([, area]) => area.entries.map((e) => e.operation as string));

    it('has a table entry for every documented operation, in exactly one area, and none for an undocumented one', () => {
      const documented = [...conformance().operations.keys()].sort();
      expect({
        missingFromTables: documented.filter((o) => !tabled.includes(o)),
        notInDocument: tabled.filter((o) => !documented.includes(o)).sort(),
        inMoreThanOneEntry: tabled.filter((o, i) => tabled.indexOf(o) !== i).sort(),
      }).toEqual({ missingFromTables: [], notInDocument: [], inMoreThanOneEntry: [] });
    });

    it('runs every area in its own file of this folder, and nothing else', () => {
      // An area's file is `<name>.e2e-spec.ts` and runs the whole area (describeConformanceArea runs
      // every entry); an area without its file, or a file running no area, would leave operations out.
      const runs = readdirSync(__dirname)
        .filter((f) => f.endsWith('.e2e-spec.ts') && f !== 'document.e2e-spec.ts')
        .map((file) => ({
          file,
          areas: [...readFileSync(join(__dirname, file), 'utf8').matchAll(/^describeConformanceArea\(AREAS\.(\w+)\);$/gm)].map((m) => m[1]),
        }));
      expect(runs.map((r) => [r.file, r.areas]).sort()).toEqual(areas.map(([key, area]) => [`${area.name}.e2e-spec.ts`, [key]]).sort());
    });

    it('each entry tries a success, a refusal, and the credentials the document names', () => {
      const problems: string[] = [];
      for (const entry of areas.flatMap(([, area]) => area.entries)) {
        const op = conformance().operations.get(entry.operation);
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
  });

  describe('refusals every operation can give are documented on every operation', () => {
    async function probe(
      filter: (operation: string, op: OperationObject) => boolean,
      request: (operation: string) => Call,
      status: number,
    ): Promise<string[]> {
      const problems: string[] = [];
      for (const [operation, op] of conformance().operations) {
        if (!filter(operation, op)) continue;
        const call = request(operation);
        const { res, correlationId } = await send(methodOf(operation), call, PUBLIC_OPERATIONS.has(operation) ? 'anonymous' : 'admin');
        const found = conformance().check(operation, call.path, res, correlationId);
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
});
