import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler } from 'express';
import { AppError } from '@yp/shared-bootstrap';

/** One route of the app: which paths it serves and with which methods (upper case, HEAD with GET). */
export interface RouteMethods {
  readonly matches: (path: string) => boolean;
  /** Undefined when the route takes every method. */
  readonly methods: readonly string[] | undefined;
  /** How many path segments are parameters (`:id`): a path's own route is the one with the fewest. */
  readonly parameters: number;
}

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The methods of the resource at this path, in a stable order; empty when no route serves the path
 * (a 404, not a 405) or when its route takes every method. Where a literal route and a
 * parameterised one both match (`/organisations/changes` and `/organisations/:id`), the path is
 * the literal route's resource.
 */
export function allowedMethods(routes: readonly RouteMethods[], path: string): string[] {
  const matching = routes.filter((route) => route.matches(path));
  const fewest = Math.min(...matching.map((route) => route.parameters));
  const allowed = new Set<string>();
  for (const route of matching.filter((r) => r.parameters === fewest)) {
    if (route.methods === undefined) return [];
    for (const method of route.methods) allowed.add(method);
  }
  const rank = (m: string) => (ORDER.includes(m) ? ORDER.indexOf(m) : ORDER.length);
  return [...allowed].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

// The parts of Express 5's router (the `router` package) read here; checked at run time.
interface ExpressRoute {
  readonly path: unknown;
  readonly methods: Record<string, boolean | undefined>;
}
interface ExpressLayer {
  readonly route?: ExpressRoute;
  match(path: string): unknown;
}

function isLayer(value: unknown): value is ExpressLayer {
  return typeof value === 'object' && value !== null && typeof (value as { match?: unknown }).match === 'function';
}

/** The app's routes, as Express matches them (same path syntax, case and trailing-slash rules). */
export function routesOf(app: Pick<NestExpressApplication, 'getHttpAdapter'>): RouteMethods[] {
  const stack: unknown = (app.getHttpAdapter().getInstance() as { router?: { stack?: unknown } }).router?.stack;
  if (!Array.isArray(stack)) throw new Error('Express router stack not found: the 405 handling needs Express 5');
  return stack.filter(isLayer).flatMap((layer): RouteMethods[] => {
    const route = layer.route;
    const paths: unknown[] = route ? [route.path].flat() : [];
    // Middleware Nest applies to every path (`forRoutes('*')`) is registered as a `/{*path}` route
    // for every method: it serves no resource of its own.
    if (!route || !paths.every((p): p is string => typeof p === 'string' && !p.includes('{*') && p !== '*')) return [];
    const names = Object.keys(route.methods).filter((m) => route.methods[m]);
    const methods = names.map((m) => m.toUpperCase());
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    const parameters = Math.max(...paths.map((p) => p.split('/').filter((segment) => segment.includes(':')).length));
    return [{ matches: (path) => layer.match(path) !== false, methods: names.includes('_all') ? undefined : methods, parameters }];
  });
}

/**
 * A method a path does not have is a 405 with `Allow` (RFC 9110 §15.5.6) as problem+json
 * `REQUEST.METHOD_NOT_ALLOWED`, not a 404: the path exists. OPTIONS on a path that exists is a 204
 * with `Allow` (CORS preflights are answered before, by the CORS middleware). The route table is
 * read on the first request, once Nest has registered every route.
 */
export function methodNotAllowed(app: Pick<NestExpressApplication, 'getHttpAdapter'>): RequestHandler {
  let routes: RouteMethods[] | undefined;
  return (req, res, next) => {
    routes ??= routesOf(app);
    const allowed = allowedMethods(routes, req.path);
    if (allowed.length === 0 || allowed.includes(req.method)) return next();
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', [...allowed, 'OPTIONS'].join(', '));
      res.status(204).end();
      return;
    }
    res.setHeader('Allow', allowed.join(', '));
    next(
      new AppError(
        'REQUEST.METHOD_NOT_ALLOWED',
        405,
        'Method not allowed',
        `${req.method} is not a method of ${req.path}; it allows ${allowed.join(', ')}.`,
      ),
    );
  };
}
