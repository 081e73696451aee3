import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDto } from '@yp/contracts-http';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request (bad JSON, forbidden field names such as `$gt` or `__proto__`)',
  401: 'Missing, expired or invalid credentials',
  403: 'Not allowed for this identity or region',
  404: 'Not found',
  409: 'Conflicts with existing data',
  412: 'If-Match does not match the current version',
  413: 'Body larger than 1 MiB',
  415: 'Body is not application/json',
  422: 'Validation failed; see `errors`',
  429: 'Rate limit reached, or too many failed logins; the Retry-After header says when to retry',
  503: 'A service behind the gateway is unavailable',
};

/** Documents problem+json error responses the same way on every operation. */
export function ApiProblems(...listed: number[]) {
  // Any route can refuse a `$`-operator or bracketed query name (400) and rate-limit (429).
  const statuses = [...new Set([...listed, 400, 429])].sort((a, b) => a - b);
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
        ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } } : {}),
      }),
    ),
  );
}
