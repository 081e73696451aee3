import type { Request } from 'express';
import { ProblemDetailsFilter, type ProblemDetails } from '@yp/shared-bootstrap';

const filter = new ProblemDetailsFilter();

/**
 * The problem+json a service answers for what `work` throws, rendered by the services' one exception
 * filter: what a client gets (status, code, `errors[]`, extensions such as `currentVersion`), whatever
 * error class the handler used. Fails when `work` does not throw.
 */
export async function problemOf(work: Promise<unknown>): Promise<ProblemDetails> {
  try {
    await work;
  } catch (error) {
    return filter.toProblem(error, { originalUrl: '/' } as Request);
  }
  throw new Error('Expected a refusal (a problem), but the call succeeded');
}
