import type { OpenAPIObject } from '@nestjs/swagger';

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: false,
  description:
    'Makes a retry safe: the first request with a key runs, repeats within 24 h get its answer again (with `Idempotent-Replayed: true`). ' +
    'The same key with a different request is a 422; while the first is still running, a 409.',
  schema: { type: 'string', minLength: 1, maxLength: 255, example: '5b0e4c1e-2a39-4b58-9d5c-8d3f0a6c9f11' },
};

const CORRELATION_ID = {
  name: 'X-Correlation-Id',
  in: 'header' as const,
  required: false,
  description: 'Your id for this request, echoed in the response and carried into logs and events; one is made up if absent.',
  schema: { type: 'string', maxLength: 128 },
};

/** Conventions that hold for every operation, added in one place rather than on each route. */
export function applyDocumentConventions(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const extra = [
        CORRELATION_ID,
        ...((method === 'post' || method === 'patch') && (operation.security?.length ?? 0) > 0 ? [IDEMPOTENCY_KEY] : []),
      ];
      operation.parameters = [...(operation.parameters ?? []), ...extra];
    }
  }
  return document;
}
