import type { Params } from 'nestjs-pino';
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

/** JSON logs through pino; every line carries the correlation id of the request or message. */
export function loggerParams(service: string, level: string): Params {
  return {
    pinoHttp: {
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
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
