/**
 * A domain or application error with a stable code (`CONTEXT.SNAKE_CASE`) and its HTTP status,
 * declared next to the aggregate it belongs to. Rendered as RFC 9457 problem+json.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'AppError';
  }
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export class RequestValidationError extends AppError {
  constructor(readonly errors: readonly FieldError[], detail = 'The request has invalid fields; see errors.') {
    super('REQUEST.VALIDATION_FAILED', 422, 'Request validation failed', detail);
  }
}
