import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What follows a request (or a consumed message) through logs, calls and events. */
export interface RequestContext {
  readonly correlationId: string;
  /** `user:<id>`, `key:<id>` or `system:<name>`; set once the caller is known. */
  actor?: string;
  /** Set while a bulk change (an import) runs: every event built meanwhile carries it as `bulkid`. */
  readonly bulkId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * The correlation ids a caller may choose: 1–128 characters of `A-Z a-z 0-9 . _ : -` (UUIDs, W3C
 * trace ids and most request ids fit). Anything else is replaced, never refused: the id only serves
 * diagnosis, so a proxy that adds its own id in another format must not make business requests fail.
 * The API document states the rule from these constants.
 */
export const CORRELATION_ID_MAX_LENGTH = 128;
export const CORRELATION_ID_CHARACTERS = 'A-Za-z0-9._:-';
const KEPT = new RegExp(`^[${CORRELATION_ID_CHARACTERS}]{1,${CORRELATION_ID_MAX_LENGTH}}$`);

/** A caller-supplied correlation id is kept when it follows the rule above, replaced by a new UUID otherwise. */
export function correlationIdFrom(candidate: unknown): string {
  return typeof candidate === 'string' && KEPT.test(candidate) ? candidate : randomUUID();
}

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function currentCorrelationId(): string {
  return storage.getStore()?.correlationId ?? randomUUID();
}
