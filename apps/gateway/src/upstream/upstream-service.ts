import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CORRELATION_ID_HEADER, currentCorrelationId } from '@yp/shared-context';
import { AppError, IDENTITY_HEADER, type Identity, type InternalIdentitySigner } from '@yp/shared-bootstrap';
import { IdentityTokens } from './identity-tokens';

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

/** How the gateway holds its connections to one service. */
export interface UpstreamConnections {
  /** Connections kept open to the service at most (requests beyond wait for one). */
  readonly maxSockets: number;
}

/** Headers of the service's answer that the client gets too. */
const PASSED_HEADERS = ['content-type', 'etag', 'location', 'content-disposition', 'cache-control'] as const;
const ANSWER_TIMEOUT_MS = 15_000;
const STREAM_START_TIMEOUT_MS = 30_000;
const JSON_TYPE = /^application\/(problem\+)?json/;

const unavailable = () =>
  new AppError('SERVICE.UNAVAILABLE', 503, 'Service unavailable', 'A service behind the gateway is not answering; try again shortly.');

const headerOf = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/**
 * The gateway's one way to call a service behind it (one subclass per service, which only names
 * it and its URL). Every call carries the caller's identity, signed (one token per caller, reused
 * while it has half its life left: IdentityTokens), and the correlation id; an unreachable or
 * silent service is a 503 problem; a problem the service answers names the public path as its
 * `instance`. Calls go over a pool of kept-alive connections per service (node:http's Agent: no
 * connection set-up per request, and none of fetch's WHATWG stream and Headers machinery); answer
 * bodies are relayed as the bytes the service sent, never parsed (but for problems).
 */
export abstract class UpstreamService {
  private readonly logger: Logger;
  private readonly base: URL;
  private readonly agent: HttpAgent;
  private readonly identities: IdentityTokens;

  protected constructor(
    readonly name: string,
    baseUrl: string,
    signer: InternalIdentitySigner,
    connections: UpstreamConnections,
  ) {
    this.logger = new Logger(`Upstream(${name})`);
    this.base = new URL(baseUrl);
    const options = { keepAlive: true, maxSockets: connections.maxSockets, scheduling: 'lifo' as const };
    this.agent = this.base.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
    this.identities = new IdentityTokens(signer);
  }

  /**
   * Relays the service's answer whole — status, the passed headers and body — for JSON answers and
   * pages: the idempotency record keeps what is sent.
   */
  async relay(res: Response, method: UpstreamMethod, path: string, options: UpstreamOptions = {}): Promise<void> {
    const upstream = await this.exchange(method, path, { ...options, identity: identityOf(res, options) }, true);
    this.answer(res, upstream.answer, upstream.body);
  }

  /**
   * Relays without holding the answer: a streamed body (CSV, NDJSON) is piped through as it arrives,
   * paced by the client, and a client that leaves stops the service's reads. JSON answers (problems)
   * are relayed whole, as relay() does.
   */
  async stream(res: Response, method: UpstreamMethod, path: string, options: UpstreamOptions = {}): Promise<void> {
    const leave = new AbortController();
    const onClose = () => leave.abort();
    res.once('close', onClose);
    try {
      const timeoutMs = options.timeoutMs ?? STREAM_START_TIMEOUT_MS;
      const answer = await this.send(method, path, { ...options, identity: identityOf(res, options) }, false, timeoutMs, leave.signal);
      if (JSON_TYPE.test(answer.headers['content-type'] ?? '')) {
        this.answer(res, answer, await this.read(answer, path));
        return;
      }
      this.head(res, answer);
      try {
        await pipeline(answer, res);
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
      return (await this.exchange(method, path, options, true)).answer.statusCode ?? 502;
    } catch (error) {
      if (error instanceof AppError) return error.status;
      throw error;
    }
  }

  /** Whether the service answers its liveness probe (a readiness check of the gateway). */
  async live(): Promise<boolean> {
    try {
      const { answer } = await this.exchange('GET', '/health/live', {}, true, 5000);
      return answer.statusCode === 200;
    } catch {
      return false;
    }
  }

  /** Sends and reads the whole answer within the timeout (for the answer's end, not only its start). */
  private async exchange(
    method: UpstreamMethod,
    path: string,
    options: UpstreamOptions,
    acceptJson: boolean,
    defaultTimeoutMs = ANSWER_TIMEOUT_MS,
  ): Promise<{ answer: IncomingMessage; body: Buffer }> {
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    const answer = await this.send(method, path, options, acceptJson, timeoutMs);
    const left = deadline - Date.now();
    const timer = setTimeout(() => answer.destroy(new Error(`answer not complete within ${timeoutMs} ms`)), Math.max(0, left));
    try {
      return { answer, body: await this.read(answer, path) };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Sends the request; resolves once the answer's head is in, or fails as unavailable (after
   * `timeoutMs`, or at once when `signal` aborts: the client left). Aborting later cuts the answer.
   */
  private send(
    method: UpstreamMethod,
    path: string,
    options: UpstreamOptions,
    acceptJson: boolean,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<IncomingMessage> {
    const url = new URL(path, this.base);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') url.searchParams.set(key, String(value));
    }
    const headers: OutgoingHttpHeaders = { [CORRELATION_ID_HEADER]: currentCorrelationId() };
    if (options.identity) headers[IDENTITY_HEADER] = this.identities.tokenFor(options.identity);
    if (acceptJson) headers.accept = 'application/json';
    let body: Buffer | undefined;
    if (options.csv !== undefined) {
      headers['content-type'] = 'text/csv; charset=utf-8';
      body = Buffer.from(options.csv, 'utf8');
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = Buffer.from(JSON.stringify(options.body), 'utf8');
    }
    if (body) headers['content-length'] = body.length;
    if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const request = send(url, { method, headers, agent: this.agent, ...(signal ? { signal } : {}) });
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      request.once('response', (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      request.once('error', (error) => {
        clearTimeout(timer);
        this.logger.warn(`${method} ${url.pathname} unanswered: ${String(error)}`);
        reject(unavailable());
      });
      request.end(body);
    });
  }

  /** The whole answer; a service that stops in the middle of it is unavailable too. */
  private async read(answer: IncomingMessage, path: string): Promise<Buffer> {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of answer) chunks.push(chunk as Buffer);
      if (!answer.complete) throw new Error('connection closed before the end of the answer');
      return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    } catch (error) {
      this.logger.warn(`Answer to ${path} cut off: ${String(error)}`);
      throw unavailable();
    }
  }

  private head(res: Response, answer: IncomingMessage): void {
    res.status(answer.statusCode ?? 502);
    for (const name of PASSED_HEADERS) {
      const value = headerOf(answer.headers, name);
      if (value) res.setHeader(name, value);
    }
  }

  private answer(res: Response, answer: IncomingMessage, body: Buffer): void {
    this.head(res, answer);
    if ((answer.headers['content-type'] ?? '').includes('problem+json')) {
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
