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
  constructor(
    readonly errors: readonly FieldError[],
    detail = 'The request has invalid fields; see errors.',
  ) {
    super('REQUEST.VALIDATION_FAILED', 422, 'Request validation failed', detail);
  }
}

/**
 * A complete answer prepared before the handler ran (an idempotent replay): the problem filter
 * sends it as it is. Thrown, not returned, so that it works whether or not a route writes its own
 * response.
 */
export class PreparedResponse extends Error {
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    readonly body: string,
  ) {
    super(`Prepared response ${status}`);
    this.name = 'PreparedResponse';
  }
}
