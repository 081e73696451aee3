import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { SignedHeaders } from '@notifications/webhooks/signing/webhook-signer';
import { assertDeliverableUrl, guardedLookup, UnsafeUrlError } from '@notifications/webhooks/url-safety/webhook-url';
import { WebhookSettings } from '@notifications/webhooks/webhook-settings';

/** How much of an answer's body the log keeps. */
export const RESPONSE_EXCERPT_BYTES = 512;

export interface SendResult {
  /** The HTTP status, if an answer came. */
  readonly status?: number;
  readonly body?: string;
  readonly durationMs: number;
  /** Why no answer came, or why the one that came is not a success. */
  readonly error?: string;
  readonly ok: boolean;
  /** The request was cut by shutdown: not the endpoint's fault, not recorded. */
  readonly aborted?: boolean;
}

/** Printable text only: the excerpt is shown in the log. */
const printable = (s: string) => s.replace(/[^\P{C}\n\t]/gu, '?');

/**
 * POSTs one signed delivery. Node's http client, because it lets the socket's own DNS lookup refuse
 * private addresses (guardedLookup) and never follows redirects. A 2xx is a success; a redirect,
 * any other status, a timeout (WEBHOOKS_TIMEOUT_MS for the whole exchange) or a refused address is
 * a failure. Only the first 512 bytes of an answer are read.
 */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 8 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 8 });

  constructor(private readonly settings: WebhookSettings) {}

  async post(rawUrl: string, body: string, signed: SignedHeaders, shutdown: AbortSignal): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = assertDeliverableUrl(rawUrl, this.settings.urlPolicy);
    } catch (error) {
      return { ok: false, durationMs: 0, error: error instanceof Error ? error.message : String(error) };
    }
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    const signal = AbortSignal.any([timeout, shutdown]);
    const https = url.protocol === 'https:';
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const settle = (result: Omit<SendResult, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        resolve({ ...result, durationMs: elapsed() });
      };
      const onResponse = (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          // A character cut at the limit decodes as U+FFFD: dropped, so the excerpt stays within the limit.
          const excerpt = printable(
            Buffer.concat(chunks)
              .subarray(0, RESPONSE_EXCERPT_BYTES)
              .toString('utf8')
              .replace(/\uFFFD$/, ''),
          );
          const ok = status >= 200 && status < 300;
          settle({
            ok,
            status,
            body: excerpt,
            ...(ok ? {} : { error: status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}` }),
          });
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_EXCERPT_BYTES) {
            finish();
            res.destroy();
          }
        });
        res.on('end', finish);
        res.on('error', finish);
      };
      const options = {
        method: 'POST',
        agent: https ? this.httpsAgent : this.httpAgent,
        lookup: guardedLookup(this.settings.urlPolicy),
        signal,
        headers: {
          ...signed,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Yhteispeli-Webhooks/1.0',
        },
      };
      const req = https ? httpsRequest(url, options, onResponse) : httpRequest(url, options, onResponse);
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (shutdown.aborted) return settle({ ok: false, aborted: true, error: 'shutting down' });
        if (timeout.aborted) return settle({ ok: false, error: `no answer within ${this.settings.timeoutMs} ms` });
        const cause = (error as { cause?: unknown }).cause;
        const unsafe = error instanceof UnsafeUrlError ? error : cause instanceof UnsafeUrlError ? cause : undefined;
        settle({ ok: false, error: unsafe ? unsafe.message : `${error.code ? `${error.code}: ` : ''}${error.message}` });
      });
      req.end(body);
    });
  }

  onModuleDestroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
