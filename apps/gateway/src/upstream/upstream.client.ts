import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { currentCorrelationId, CORRELATION_ID_HEADER } from '@yp/shared-context';
import { AppError, IDENTITY_HEADER, InternalIdentitySigner, type Identity } from '@yp/shared-bootstrap';

export interface UpstreamRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly identity: Identity;
  readonly body?: unknown;
  readonly query?: Record<string, unknown>;
  readonly ifMatch?: string;
}

const PASSED_HEADERS = ['content-type', 'etag', 'location'];

/**
 * Gateway → service calls over HTTP with keep-alive (Node's fetch pools connections). Passes the
 * signed identity and the correlation id; relays the service's answer, problem+json included.
 */
@Injectable()
export class UpstreamClient {
  private readonly logger = new Logger(UpstreamClient.name);

  constructor(private readonly signer: InternalIdentitySigner) {}

  /** A call the gateway makes on its own behalf (no answer to relay): resolves to the status. */
  async call(baseUrl: string, request: Omit<UpstreamRequest, 'query' | 'ifMatch'>): Promise<number> {
    try {
      const res = await fetch(new URL(request.path, baseUrl), {
        method: request.method,
        headers: {
          [IDENTITY_HEADER]: this.signer.sign(request.identity),
          [CORRELATION_ID_HEADER]: currentCorrelationId(),
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(15000),
      });
      await res.arrayBuffer();
      return res.status;
    } catch (error) {
      this.logger.warn(`Upstream ${baseUrl} unreachable: ${String(error)}`);
      return 503;
    }
  }

  async relay(baseUrl: string, request: UpstreamRequest, res: Response): Promise<void> {
    const publicPath = res.req.originalUrl.split('?')[0];
    const url = new URL(request.path, baseUrl);
    for (const [k, v] of Object.entries(request.query ?? {})) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = {
      [IDENTITY_HEADER]: this.signer.sign(request.identity),
      [CORRELATION_ID_HEADER]: currentCorrelationId(),
      accept: 'application/json',
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.ifMatch) headers['if-match'] = request.ifMatch;
    let upstream: globalThis.Response;
    try {
      upstream = await fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(15000),
      });
    } catch (error) {
      this.logger.warn(`Upstream ${url.origin} unreachable: ${String(error)}`);
      throw new AppError(
        'SERVICE.UNAVAILABLE',
        503,
        'Service unavailable',
        'A service behind the gateway is not answering; try again shortly.',
      );
    }
    res.status(upstream.status);
    for (const name of PASSED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value) res.setHeader(name, value);
    }
    const body = Buffer.from(await upstream.arrayBuffer());
    if ((upstream.headers.get('content-type') ?? '').includes('problem+json')) {
      // The problem names the public URL, not the service's internal path.
      const problem = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      res.send(JSON.stringify({ ...problem, instance: publicPath }));
      return;
    }
    res.send(body);
  }
}
