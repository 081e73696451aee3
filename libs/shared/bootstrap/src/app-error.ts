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

export interface AggregateErrors {
  /** 404 `<CONTEXT>.NOT_FOUND`: no such aggregate (or one the caller may not know of). */
  readonly notFound: (id: string) => AppError;
  /** 412 `<CONTEXT>.VERSION_MISMATCH` with `currentVersion`: the If-Match named an older version. */
  readonly stale: (currentVersion: number) => AppError;
}

/**
 * The errors every aggregate has, in one shape across services, declared next to the aggregate:
 * `const { notFound, stale } = aggregateErrors('PARTNERSHIP', 'partnership')`. `shortName` names it
 * in the 412's sentence where the full name is long ("The subscription has changed").
 */
export function aggregateErrors(context: string, name: string, shortName = name): AggregateErrors {
  const title = `${name.charAt(0).toUpperCase()}${name.slice(1)} not found`;
  return {
    notFound: (id) => new AppError(`${context}.NOT_FOUND`, 404, title, `No ${name} with id ${id}.`),
    stale: (currentVersion) =>
      new AppError(
        `${context}.VERSION_MISMATCH`,
        412,
        'Precondition failed',
        `The ${shortName} has changed (now version ${currentVersion}); fetch it again and retry with its ETag.`,
        { currentVersion },
      ),
  };
}
