import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject } from '@nestjs/swagger';
import { CORRELATION_ID_CHARACTERS, CORRELATION_ID_MAX_LENGTH } from '@yp/shared-context';
import { validatedSchemaNames } from './validation-rules';

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } };

/** What `parseIfMatch` (libs/shared/bootstrap/src/if-match.ts) takes: `*`, or an ETag this API returned, weak or strong. */
export const IF_MATCH_PATTERN = '^(\\*|(W/)?"[0-9]{1,10}")$';

/** What the idempotency guard takes: 1–255 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = '^[!-~]{1,255}$';

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the first request with a key runs, repeats within 24 h get its answer again (with `Idempotent-Replayed: true`). ' +
    'Use a new key for every new request: the same key with a different request is a 422 `REQUEST.IDEMPOTENCY_KEY_REUSED`; ' +
    'while the first is still running, a 409 `REQUEST.IDEMPOTENCY_KEY_IN_USE` with `Retry-After: 1`. A malformed key is a 400.',
  schema: {
    type: 'string',
    minLength: 1,
    maxLength: 255,
    pattern: IDEMPOTENCY_KEY_PATTERN,
    example: '5b0e4c1e-2a39-4b58-9d5c-8d3f0a6c9f11',
  },
};

const CORRELATION_RULE = `1–${CORRELATION_ID_MAX_LENGTH} characters of \`${CORRELATION_ID_CHARACTERS}\``;

/**
 * Any value is accepted, so the schema is a plain string: the id serves diagnosis only, and a
 * request is never refused for it (a proxy adding its own id must not break integrations).
 */
const CORRELATION_ID: ParameterObject = {
  name: 'X-Correlation-Id',
  in: 'header',
  required: false,
  description:
    `Your id for this request, carried into logs and the events it causes. Kept when it is ${CORRELATION_RULE}; ` +
    'any other value, or none, is replaced by an id the gateway makes up. The response header says which id was used.',
  schema: { type: 'string', example: 'sync-2026-11-23-0001' },
};

const CORRELATION_ID_RESPONSE_HEADER = {
  description: 'The id of this request: yours when it was kept (see the X-Correlation-Id request header), else one made up',
  schema: { type: 'string' },
};

const IF_MATCH_DESCRIPTION =
  'Makes the write conditional: the ETag you read (`"3"`; `W/"3"` is taken too). If the record has changed since, the answer is 412 ' +
  'with `currentVersion`. `*` or no header writes unconditionally; any other value, an empty one too, is a 400 `REQUEST.BAD_IF_MATCH`.';

/** Statuses every operation taking an Idempotency-Key can answer, whatever its own refusals. */
const IDEMPOTENCY_ANSWERS: Record<string, string> = {
  '400': 'Malformed Idempotency-Key (`REQUEST.BAD_IDEMPOTENCY_KEY`)',
  '409': 'A request with the same Idempotency-Key is still running (`REQUEST.IDEMPOTENCY_KEY_IN_USE`, `Retry-After: 1`)',
  '422': 'The Idempotency-Key was used for a different request (`REQUEST.IDEMPOTENCY_KEY_REUSED`)',
};

const IF_MATCH_ANSWERS: Record<string, string> = {
  '400': 'Malformed If-Match (`REQUEST.BAD_IF_MATCH`)',
  '412': 'If-Match does not match the current version',
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const isReference = (value: object): value is ReferenceObject => '$ref' in value;

/**
 * Adds a problem answer, or names the extra reason on one the route already documents, so the
 * status list states everything the gateway can answer.
 */
function ensureProblem(operation: OperationObject, status: string, reason: string): void {
  const existing = operation.responses[status];
  if (!existing) {
    operation.responses[status] = { description: reason, content: PROBLEM };
    return;
  }
  if (isReference(existing) || existing.description.includes(reason)) return;
  existing.description = `${existing.description}; or: ${reason}`;
}

function headerParameter(operation: OperationObject, name: string): ParameterObject | undefined {
  return operation.parameters?.find(
    (p): p is ParameterObject => !isReference(p) && p.in === 'header' && p.name.toLowerCase() === name.toLowerCase(),
  );
}

/**
 * The validation pipe refuses unknown fields of a request body (forbidNonWhitelisted): the schemas
 * of the validated classes (`validated`) say `additionalProperties: false`.
 */
function closeRequestSchemas(document: OpenAPIObject, validated: ReadonlySet<string>): void {
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    if (validated.has(name) && !isReference(schema) && schema.properties) schema.additionalProperties = false;
  }
}

/** Conventions that hold for every operation, added in one place rather than on each route. */
export function applyDocumentConventions(document: OpenAPIObject, validated: ReadonlySet<string> = validatedSchemaNames()): OpenAPIObject {
  closeRequestSchemas(document, validated);
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const takesIdempotencyKey = (method === 'post' || method === 'patch') && (operation.security?.length ?? 0) > 0;
      operation.parameters = [...(operation.parameters ?? []), CORRELATION_ID, ...(takesIdempotencyKey ? [IDEMPOTENCY_KEY] : [])];
      if (takesIdempotencyKey) for (const [status, reason] of Object.entries(IDEMPOTENCY_ANSWERS)) ensureProblem(operation, status, reason);

      const ifMatch = headerParameter(operation, 'If-Match');
      if (ifMatch) {
        ifMatch.description = IF_MATCH_DESCRIPTION;
        ifMatch.schema = { type: 'string', pattern: IF_MATCH_PATTERN, example: '"3"' };
        for (const [status, reason] of Object.entries(IF_MATCH_ANSWERS)) ensureProblem(operation, status, reason);
      }

      for (const response of Object.values(operation.responses)) {
        if (!response || isReference(response)) continue;
        response.headers = { ...response.headers, 'X-Correlation-Id': CORRELATION_ID_RESPONSE_HEADER };
      }
    }
  }
  return document;
}
