import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { CORRELATION_ID_HEADER } from '@yp/shared-context';

export interface HttpSecurityOptions {
  /** Origins allowed to call the API from a browser; empty allows none. */
  readonly corsOrigins: readonly string[];
  readonly trustProxyHops: number;
}

/**
 * Security headers (helmet), CORS for the configured origins only, and which proxy hops to trust
 * for the client address (rate limits and the audit trail use it).
 */
export function applyHttpSecurity(app: NestExpressApplication, options: HttpSecurityOptions): void {
  app.set('trust proxy', options.trustProxyHops);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          // Swagger UI at /docs needs its own scripts and inline styles; nothing else is served as HTML.
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'frame-ancestors': ["'none'"],
          // TLS ends at the proxy; over plain http (local, behind the proxy) upgrading would break /docs.
          'upgrade-insecure-requests': null,
        },
      },
      crossOriginResourcePolicy: { policy: 'same-site' },
      frameguard: { action: 'deny' },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    }),
  );
  const allowed = new Set(options.corsOrigins);
  app.enableCors({
    // Unlisted origins get no CORS headers at all, so browsers refuse them.
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', CORRELATION_ID_HEADER],
    exposedHeaders: ['ETag', 'Location', 'Retry-After', CORRELATION_ID_HEADER],
    credentials: false,
    maxAge: 600,
  });
}
