import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CORRELATION_ID_HEADER, currentCorrelationId } from '@yp/shared-context';
import { AppError, IDENTITY_HEADER, type Identity, type InternalIdentitySigner } from '@yp/shared-bootstrap';

export type UpstreamMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface UpstreamOptions {
  /** Query parameters (a validated query DTO): string, number and boolean values travel, nothing else. */
  readonly query?: object;
  /** A JSON body. */
  readonly body?: unknown;
  /** A CSV body (text/csv, UTF-8) instead of JSON. */
  readonly csv?: string;
  /** The client's If-Match, checked by @IfMatch, passed on for the service to compare (an empty one too: never dropped). */
  readonly ifMatch?: string;
  /** Who the service is told is calling: by default the authenticated caller; routes without one (@Public) must say. */
  readonly identity?: Identity;
  /** How long the service has: for its whole answer (relay, call) or until its answer starts (stream). */
  readonly timeoutMs?: number;
}

/** Headers of the service's answer that the client gets too. */
const PASSED_HEADERS = ['content-type', 'etag', 'location', 'content-disposition', 'cache-control'];
const ANSWER_TIMEOUT_MS = 15_000;
const STREAM_START_TIMEOUT_MS = 30_000;
const JSON_TYPE = /^application\/(problem\+)?json/;

const unavailable = () =>
  new AppError('SERVICE.UNAVAILABLE', 503, 'Service unavailable', 'A service behind the gateway is not answering; try again shortly.');

/**
 * The gateway's one way to call a service behind it (one subclass per service, which only names
 * it and its URL). Every call carries the caller's identity, signed, and the correlation id; an
 * unreachable or silent service is a 503 problem; a problem the service answers names the public
 * path as its `instance`. Node's fetch keeps connections alive between calls.
 */
export abstract class UpstreamService {
  private readonly logger: Logger;

  protected constructor(
    readonly name: string,
    private readonly baseUrl: string,
    private readonly signer: InternalIdentitySigner,
  ) {
    this.logger = new Logger(`Upstream(${name})`);
  }

  /**
   * Relays the service's answer whole — status, the passed headers and body — for JSON answers and
   * pages: the idempotency record keeps what is sent.
   */
  async relay(res: Response, method: UpstreamMethod, path: string, options: UpstreamOptions = {}): Promise<void> {
    const signal = AbortSignal.timeout(options.timeoutMs ?? ANSWER_TIMEOUT_MS);
    const upstream = await this.send(method, path, { ...options, identity: identityOf(res, options) }, signal, true);
    this.answer(res, upstream, await this.read(upstream, path));
  }

  /**
   * Relays without holding the answer: a streamed body (CSV, NDJSON) is piped through as it arrives,
   * paced by the client, and a client that leaves stops the service's reads. JSON answers (problems)
   * are relayed whole, as relay() does.
   */
  async stream(res: Response, method: UpstreamMethod, path: string, options: UpstreamOptions = {}): Promise<void> {
    const abort = new AbortController();
    const onClose = () => abort.abort();
    res.once('close', onClose);
    const timeoutMs = options.timeoutMs ?? STREAM_START_TIMEOUT_MS;
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    try {
      let upstream: globalThis.Response;
      try {
        upstream = await this.send(method, path, { ...options, identity: identityOf(res, options) }, abort.signal, false);
      } finally {
        clearTimeout(timer);
      }
      const body = upstream.body;
      if (!body || JSON_TYPE.test(upstream.headers.get('content-type') ?? '')) {
        this.answer(res, upstream, await this.read(upstream, path));
        return;
      }
      this.head(res, upstream);
      try {
        await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), res);
      } catch (error) {
        // Headers are sent: the client sees a cut-off stream, never a complete-looking one.
        if (!res.destroyed) res.destroy();
        this.logger.warn(`Stream from ${path} ended early: ${String(error)}`);
      }
    } finally {
      res.off('close', onClose);
    }
  }

  /** A call the gateway makes on its own behalf, with nothing to relay: resolves to the status (503 when unreachable). */
  async call(method: UpstreamMethod, path: string, options: UpstreamOptions & { readonly identity: Identity }): Promise<number> {
    try {
      const upstream = await this.send(method, path, options, AbortSignal.timeout(options.timeoutMs ?? ANSWER_TIMEOUT_MS), true);
      await this.read(upstream, path);
      return upstream.status;
    } catch (error) {
      if (error instanceof AppError) return error.status;
      throw error;
    }
  }

  /** Whether the service answers its liveness probe (a readiness check of the gateway). */
  async live(): Promise<boolean> {
    return (await fetch(new URL('/health/live', this.baseUrl), { signal: AbortSignal.timeout(5000) })).ok;
  }

  private async send(
    method: UpstreamMethod,
    path: string,
    options: UpstreamOptions & { readonly identity: Identity },
    signal: AbortSignal,
    acceptJson: boolean,
  ): Promise<globalThis.Response> {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      [IDENTITY_HEADER]: this.signer.sign(options.identity),
      [CORRELATION_ID_HEADER]: currentCorrelationId(),
    };
    if (acceptJson) headers.accept = 'application/json';
    let body: string | undefined;
    if (options.csv !== undefined) {
      headers['content-type'] = 'text/csv; charset=utf-8';
      body = options.csv;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch;
    try {
      return await fetch(url, { method, headers, body, signal });
    } catch (error) {
      this.logger.warn(`${method} ${url.pathname} unanswered: ${String(error)}`);
      throw unavailable();
    }
  }

  /** The whole answer; a service that stops in the middle of it is unavailable too. */
  private async read(upstream: globalThis.Response, path: string): Promise<Buffer> {
    try {
      return Buffer.from(await upstream.arrayBuffer());
    } catch (error) {
      this.logger.warn(`Answer to ${path} cut off: ${String(error)}`);
      throw unavailable();
    }
  }

  private head(res: Response, upstream: globalThis.Response): void {
    res.status(upstream.status);
    for (const name of PASSED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value) res.setHeader(name, value);
    }
  }

  private answer(res: Response, upstream: globalThis.Response, body: Buffer): void {
    this.head(res, upstream);
    if ((upstream.headers.get('content-type') ?? '').includes('problem+json')) {
      // The problem names the public URL, not the service's internal path.
      const problem = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      res.send(JSON.stringify({ ...problem, instance: res.req.originalUrl.split('?')[0] }));
      return;
    }
    res.send(body);
  }
}

/** The identity a relay acts with: the one given, else the authenticated caller of the request. */
function identityOf(res: Response, options: UpstreamOptions): Identity {
  const identity = options.identity ?? (res.req as Request & { user?: Identity }).user;
  if (!identity) throw new Error(`${res.req.method} ${res.req.path} relays without a caller: a public route must pass its identity`);
  return identity;
}
