import { Logger as NestLogger, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { text, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { CORRELATION_ID_HEADER, correlationIdFrom, runWithContext } from '@yp/shared-context';
import { AppError } from './app-error';
import { ProblemDetailsFilter } from './problem-details.filter';
import { requestHygiene } from './request-hygiene';
import { httpMetrics } from './metrics';
import { ServiceConfig } from './service-config';
import { createValidationPipe } from './validation';

export const BODY_LIMIT = '1mb';

export interface ServiceBootOptions {
  readonly name: string;
  /** Runs after the common set-up and before listening (Swagger, CORS...). */
  readonly configure?: (app: NestExpressApplication) => void | Promise<void>;
}

/** Binds the correlation id (taken from the caller when sane) for everything the request does. */
function correlation(req: Request, res: Response, next: NextFunction): void {
  const correlationId = correlationIdFrom(req.headers[CORRELATION_ID_HEADER]);
  res.setHeader(CORRELATION_ID_HEADER, correlationId);
  runWithContext({ correlationId }, next);
}

/**
 * Nest turns the body parser's SyntaxError into a bare 400 with the parser's text; name it instead.
 * (Other parser errors, e.g. 413, pass on to the problem filter unchanged.)
 */
function bodyParserErrors(error: { type?: string } | undefined, _req: Request, _res: Response, next: NextFunction): void {
  next(
    error?.type === 'entity.parse.failed'
      ? new AppError('REQUEST.MALFORMED_JSON', 400, 'Malformed JSON', 'The request body is not valid JSON.')
      : error,
  );
}

/**
 * A route that takes a text body instead of JSON (a CSV upload). Only these exact method and path
 * pairs get a text parser; everywhere else the request hygiene refuses non-JSON bodies (415).
 */
export interface TextBodyRoute {
  readonly method: 'POST' | 'PUT';
  /** The exact request path, without parameters (e.g. /api/v1/organisations/import). */
  readonly path: string;
  /** The media type taken, e.g. text/csv; other types stay unparsed (and so refused). */
  readonly type: string;
  /** Largest body, in body-parser's notation (e.g. '5mb'): beyond it a 413. */
  readonly limit: string;
}

/** A text parser for exactly one route; a body over its limit is a 413 that names the limit. */
export function textBody(route: TextBodyRoute): RequestHandler {
  const parse = text({ type: route.type, limit: route.limit, defaultCharset: 'utf-8' });
  return (req, res, next) => {
    if (req.method !== route.method || req.path !== route.path) return next();
    parse(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') {
        next(
          new AppError(
            'REQUEST.PAYLOAD_TOO_LARGE',
            413,
            'Payload too large',
            `The request body is larger than the limit of ${route.limit} for this route.`,
          ),
        );
        return;
      }
      next(error);
    });
  };
}

export interface ServiceCreateOptions {
  /**
   * Middleware that must see every request, also those the body parser or the request hygiene
   * refuse (security headers, CORS, the audit trail). Runs right after the correlation id is bound.
   */
  readonly early?: (app: NestExpressApplication) => void;
  /** The only routes that take a text body (each with its own type and limit); all others take JSON only. */
  readonly textBodies?: readonly TextBodyRoute[];
}

/** Builds an app with the conventions every Yhteispeli service shares. */
export async function createService(module: Type<unknown>, options: ServiceCreateOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.set('query parser', 'simple');
  app.set('x-powered-by', false);
  app.set('etag', false);
  app.use(correlation);
  app.use(httpMetrics);
  options.early?.(app);
  for (const route of options.textBodies ?? []) app.use(textBody(route));
  app.useBodyParser('json', { limit: BODY_LIMIT, strict: true, type: ['application/json', 'application/*+json'] });
  app.use(bodyParserErrors);
  app.use(requestHygiene);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  return app;
}

export async function startService(app: NestExpressApplication, options: ServiceBootOptions): Promise<INestApplication> {
  await options.configure?.(app);
  const { PORT: port, HOST: host } = app.get(ServiceConfig);
  await app.listen(port, host);
  new NestLogger(options.name).log(`${options.name} listening on http://${host}:${port}`);
  return app;
}

/** Prints a configuration or start-up failure as one readable block and exits non-zero. */
export function exitOnBootFailure(name: string): (error: unknown) => never {
  return (error) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name} failed to start: ${message}\n`);
    process.exit(1);
  };
}
