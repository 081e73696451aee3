import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { parseIfMatch } from '@yp/shared-bootstrap';
import { correlationIdFrom } from '@yp/shared-context';
import { applyDocumentConventions, IDEMPOTENCY_KEY_PATTERN, IF_MATCH_PATTERN } from './document-conventions';

const problem = (description: string): ResponseObject => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
});

function documentWith(paths: OpenAPIObject['paths']): OpenAPIObject {
  return { openapi: '3.0.0', info: { title: 't', version: '1' }, paths };
}

const parameter = (op: OperationObject, name: string) =>
  op.parameters?.find((p) => 'name' in p && p.name === name) as ParameterObject | undefined;

describe('document conventions', () => {
  it('states exactly the If-Match values the services take', () => {
    const pattern = new RegExp(IF_MATCH_PATTERN);
    const samples = [
      '*',
      '"3"',
      'W/"3"',
      '"0"',
      '"1234567890"',
      'three',
      '"3"x',
      '"12345678901"',
      'W/3',
      '"3", "4"',
      '""',
      "'3'",
      'w/"3"',
      '"-1"',
    ];
    for (const sample of samples) {
      let taken = true;
      try {
        parseIfMatch(sample);
      } catch {
        taken = false;
      }
      expect({ sample, documented: pattern.test(sample) }).toEqual({ sample, documented: taken });
    }
  });

  it('states the Idempotency-Key shape: 1–255 visible ASCII characters', () => {
    const pattern = new RegExp(IDEMPOTENCY_KEY_PATTERN);
    expect(pattern.test('5b0e4c1e-2a39-4b58-9d5c-8d3f0a6c9f11')).toBe(true);
    expect(pattern.test('!'.repeat(255))).toBe(true);
    for (const bad of ['', 'a b', 'ä', 'x'.repeat(256), 'tab\there']) expect(pattern.test(bad)).toBe(false);
  });

  it('documents the correlation id as accepted in any form, kept only when the shared rule keeps it', () => {
    const doc = applyDocumentConventions(documentWith({ '/api/v1/x': { get: { responses: { '200': { description: 'ok' } } } } }));
    const op = doc.paths['/api/v1/x'].get!;
    const header = parameter(op, 'X-Correlation-Id');
    expect(header?.schema).toEqual({ type: 'string', example: 'sync-2026-11-23-0001' });
    expect(header?.description).toContain('1–128 characters');
    expect(correlationIdFrom(header?.schema && 'example' in header.schema ? header.schema.example : undefined)).toBe(
      'sync-2026-11-23-0001',
    );
    expect((op.responses['200'] as ResponseObject).headers?.['X-Correlation-Id']).toBeDefined();
  });

  it('gives every authenticated POST and PATCH the Idempotency-Key and its 400, 409 and 422 answers', () => {
    const doc = applyDocumentConventions(
      documentWith({
        '/api/v1/things/{id}/publish': {
          post: { security: [{ user: [] }], responses: { '200': { description: 'ok' }, '400': problem('Malformed request') } },
        },
        '/api/v1/things': {
          post: {
            security: [{ user: [] }],
            responses: { '201': { description: 'created' }, '409': problem('Conflicts with existing data') },
          },
        },
        '/api/v1/auth/token': { post: { responses: { '200': { description: 'ok' } } } },
      }),
    );
    const publish = doc.paths['/api/v1/things/{id}/publish'].post!;
    expect(parameter(publish, 'Idempotency-Key')?.schema).toMatchObject({ pattern: IDEMPOTENCY_KEY_PATTERN });
    expect(Object.keys(publish.responses).sort()).toEqual(['200', '400', '409', '422']);
    expect((publish.responses['400'] as ResponseObject).description).toMatch(/^Malformed request; or: Malformed Idempotency-Key/);
    expect((publish.responses['422'] as ResponseObject).content).toEqual(problem('').content);
    const create = doc.paths['/api/v1/things'].post!;
    expect((create.responses['409'] as ResponseObject).description).toContain('Conflicts with existing data; or: A request with the same');
    const login = doc.paths['/api/v1/auth/token'].post!;
    expect(parameter(login, 'Idempotency-Key')).toBeUndefined();
    expect(login.responses['422']).toBeUndefined();
  });

  it('gives every If-Match header its pattern and the 400 and 412 answers', () => {
    const doc = applyDocumentConventions(
      documentWith({
        '/api/v1/things/{id}': {
          delete: {
            security: [{ user: [] }],
            parameters: [{ name: 'If-Match', in: 'header', required: false, example: '"3"' }],
            responses: { '204': { description: 'gone' } },
          },
        },
      }),
    );
    const op = doc.paths['/api/v1/things/{id}'].delete!;
    expect(parameter(op, 'If-Match')?.schema).toEqual({ type: 'string', pattern: IF_MATCH_PATTERN, example: '"3"' });
    expect(Object.keys(op.responses).sort()).toEqual(['204', '400', '412']);
    expect(parameter(op, 'Idempotency-Key')).toBeUndefined();
  });
});

describe('document conventions for request schemas', () => {
  it('closes the schemas of validated request classes (unknown fields are refused), and only those', () => {
    const doc = applyDocumentConventions(
      {
        ...documentWith({}),
        components: {
          schemas: {
            CreateThingRequestDto: {
              type: 'object',
              required: ['name'],
              properties: { name: { type: 'string' }, note: { type: 'string' }, place: { $ref: '#/components/schemas/PlaceDto' } },
            },
            ThingResponseDto: { type: 'object', properties: { name: { type: 'string' } } },
          },
        },
      },
      new Set(['CreateThingRequestDto']),
    );
    expect(doc.components?.schemas?.CreateThingRequestDto).toEqual({
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: { type: 'string' },
        note: { type: 'string' },
        place: { $ref: '#/components/schemas/PlaceDto' },
      },
    });
    expect(doc.components?.schemas?.ThingResponseDto).not.toHaveProperty('additionalProperties');
  });
});
