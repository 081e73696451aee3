import type { Params } from 'nestjs-pino';
import { destination, type DestinationStream } from 'pino';
import { currentContext } from '@yp/shared-context';

/** Keys whose values never reach a log line: credentials and personal data. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-yp-identity"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.email',
  '*.phone',
  'email',
  'password',
];

/** How long a log line waits at most for others to be written with (at 4 KB they go at once). */
export const LOG_FLUSH_MS = 50;

const batched = new Set<{ flushSync(): void }>();

/** Writes the waiting log lines now (at shutdown: Nest re-raises SIGTERM, so no exit handler runs). */
export function flushLogs(): void {
  for (const out of batched) {
    try {
      out.flushSync();
    } catch {
      // Standard output is gone (a closed pipe): nothing can be written any more.
    }
  }
}

/**
 * Standard output, with lines written together: at 4 KB, or at most LOG_FLUSH_MS after the first
 * waiting line (no timer runs while nothing waits). pino writes what is left when the
 * process exits, and ServiceCoreModule at shutdown (flushLogs); only a SIGKILL can lose the last LOG_FLUSH_MS of lines.
 */
function batchedStdout(): DestinationStream {
  const out = destination({ dest: 1, sync: false, minLength: 4096 });
  batched.add(out);
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    out.flush();
  };
  return {
    write(line: string): void {
      out.write(line);
      timer ??= setTimeout(flush, LOG_FLUSH_MS).unref();
    },
  };
}

/**
 * JSON logs through pino; every line carries the correlation id of the request or message, and
 * every request one access line (method, path, status, duration). Cheap per request: the
 * serializers read the request and response themselves (pino-http's wrapping would first copy
 * every header of both), and lines leave in batches (batchedStdout), not one write per line.
 */
export function loggerParams(service: string, level: string): Params {
  return {
    pinoHttp: [
      {
        level,
        base: { service },
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        mixin: () => {
          const ctx = currentContext();
          return ctx ? { correlationId: ctx.correlationId, actor: ctx.actor } : {};
        },
        genReqId: () => currentContext()?.correlationId ?? 'none',
        customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
        autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') || (req.url ?? '').startsWith('/metrics') },
        wrapSerializers: false,
        serializers: {
          req: (req: { method: string; url: string; originalUrl?: string }) => ({
            method: req.method,
            url: (req.originalUrl ?? req.url).split('?')[0],
          }),
          // As pino-http's own: no status yet when the client left before the answer started.
          res: (res: { statusCode: number; headersSent?: boolean }) => ({ statusCode: res.headersSent === false ? null : res.statusCode }),
        },
      },
      batchedStdout(),
    ],
  };
}
