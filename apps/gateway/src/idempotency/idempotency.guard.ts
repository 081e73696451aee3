import { createHash } from 'node:crypto';
import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, PreparedResponse } from '@yp/shared-bootstrap';
import type { Caller } from '@gateway/access/caller';
import { IdempotencyRecordRepository } from './idempotency-record.repository';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * `Idempotency-Key` on POST and PATCH (IETF draft-ietf-httpapi-idempotency-key-header): the first
 * request with a key runs, and its answer is replayed to repeats from the same caller for 24 hours
 * (`Idempotent-Replayed: true`). The same key with a different request is a 422; a repeat while the
 * first is still running is a 409. Server errors (5xx) free the key so the client can retry;
 * answers with secrets (Cache-Control: no-store) are not stored.
 *
 * A guard, the last of the global ones (after rate limit, authentication and authorisation: it
 * needs the caller, and a refused request claims no key), not an interceptor: it only claims the key
 * and wraps `res.send`, and a global interceptor would put every request, reads included, through
 * Nest's interceptor chain (RxJS observables and context binding) for nothing.
 */
@Injectable()
export class IdempotencyGuard implements CanActivate {
  private readonly logger = new Logger(IdempotencyGuard.name);

  constructor(private readonly records: IdempotencyRecordRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: Caller }>();
    const res = http.getResponse<Response>();
    const key = req.headers[IDEMPOTENCY_KEY_HEADER];
    if ((req.method !== 'POST' && req.method !== 'PATCH') || key === undefined || !req.user) return true;
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new AppError(
        'REQUEST.BAD_IDEMPOTENCY_KEY',
        400,
        'Bad request',
        'Idempotency-Key must be 1-255 visible ASCII characters, for example a UUID.',
      );
    }
    const id = sha256(`${req.user.actor}\n${key}`);
    const fingerprint = sha256(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`);
    const existing = await this.records.claim(id, fingerprint);
    if (!existing) {
      this.record(id, res);
      return true;
    }
    if (existing.fingerprint !== fingerprint) {
      throw new AppError(
        'REQUEST.IDEMPOTENCY_KEY_REUSED',
        422,
        'Idempotency key reused',
        'This Idempotency-Key was used for a different request; use a new key.',
      );
    }
    if (!existing.response) {
      res.setHeader('retry-after', '1');
      throw new AppError(
        'REQUEST.IDEMPOTENCY_KEY_IN_USE',
        409,
        'Request in progress',
        'A request with this Idempotency-Key is still being processed; retry shortly.',
      );
    }
    throw new PreparedResponse(
      existing.response.status,
      { ...existing.response.headers, 'idempotent-replayed': 'true' },
      existing.response.body,
    );
  }

  /**
   * Stores the answer before it is sent (whatever sends it: a controller, the relay or the error
   * filter), so a client that retries the moment it has the answer gets the replay, not a 409.
   */
  private record(id: string, res: Response): void {
    const send = res.send.bind(res);
    let sent = false;
    res.send = ((payload?: unknown) => {
      res.send = send; // one answer per request: later internal calls go straight through
      sent = true;
      let body = '';
      if (typeof payload === 'string') body = payload;
      else if (Buffer.isBuffer(payload)) body = payload.toString('utf8');
      else if (payload !== undefined) body = JSON.stringify(payload);
      // Server errors free the key for a retry; answers marked no-store (a new API key's secret)
      // are never kept, so a repeat runs again rather than revealing the secret a second time.
      const done: Promise<void> =
        res.statusCode >= 500 || String(res.getHeader('cache-control') ?? '').includes('no-store')
          ? this.records.release(id)
          : this.records.complete(id, {
              status: res.statusCode,
              headers: Object.fromEntries(
                REPLAYED_HEADERS.flatMap((h) => (res.getHeader(h) !== undefined ? [[h, String(res.getHeader(h))]] : [])),
              ),
              body,
            });
      done
        .catch((error: unknown) => this.logger.error(`Idempotency record ${id} not updated: ${String(error)}`))
        .finally(() => send(payload));
      return res;
    }) as Response['send'];
    // The client went away before any answer: free the key rather than block retries for a day.
    res.once('close', () => {
      if (!sent)
        this.records.release(id).catch((error: unknown) => this.logger.error(`Idempotency record ${id} not released: ${String(error)}`));
    });
  }
}
