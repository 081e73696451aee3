import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type Request, type Response } from 'express';
import { AppError } from '@yp/shared-bootstrap';
import { allowedMethods, methodNotAllowed, routesOf, type RouteMethods } from './method-not-allowed';

const route = (template: string, methods: string[] | undefined): RouteMethods => {
  const pattern = new RegExp(`^${template.replace(/:[^/]+/g, '[^/]+')}/?$`, 'i');
  return { matches: (path) => pattern.test(path), methods, parameters: template.split(':').length - 1 };
};

describe('allowedMethods', () => {
  const routes = [
    route('/api/v1/organisations', ['GET', 'HEAD', 'POST']),
    route('/api/v1/organisations/changes', ['GET', 'HEAD']),
    route('/api/v1/organisations/:id', ['GET', 'HEAD', 'PATCH', 'DELETE']),
    route('/api/v1/auth/token', ['POST']),
  ];

  it('lists the methods of every route serving the path, in a stable order', () => {
    expect(allowedMethods(routes, '/api/v1/organisations')).toEqual(['GET', 'HEAD', 'POST']);
    expect(allowedMethods(routes, '/api/v1/auth/token')).toEqual(['POST']);
    expect(allowedMethods(routes, '/api/v1/organisations/org_1')).toEqual(['GET', 'HEAD', 'PATCH', 'DELETE']);
    // The literal route is the resource at its path, although /organisations/:id matches it too.
    expect(allowedMethods(routes, '/api/v1/organisations/changes')).toEqual(['GET', 'HEAD']);
  });

  it('is empty for a path no route serves (a 404) and for a route that takes every method', () => {
    expect(allowedMethods(routes, '/api/v1/nothing')).toEqual([]);
    expect(allowedMethods([...routes, route('/api/v1/auth/token', undefined)], '/api/v1/auth/token')).toEqual([]);
  });
});

describe('methodNotAllowed on an Express 5 app', () => {
  const app = express();
  app.get('/api/v1/vocabularies', (_req, res) => res.end());
  app.get('/api/v1/users/:id', (_req, res) => res.end());
  app.patch('/api/v1/users/:id', (_req, res) => res.end());
  // How Nest registers middleware applied to every path: a catch-all route for every method.
  for (const method of ['get', 'post', 'put', 'trace'] as const) app[method]('/{*path}', (_req, _res, next) => next());
  const nest = { getHttpAdapter: () => ({ getInstance: () => app }) } as unknown as Pick<NestExpressApplication, 'getHttpAdapter'>;

  function call(method: string, path: string): { error?: unknown; allow?: string; status?: number; passed: boolean } {
    const outcome: { error?: unknown; allow?: string; status?: number; passed: boolean } = { passed: false };
    const res = {
      setHeader: (name: string, value: string) => name === 'Allow' && (outcome.allow = value),
      status: (status: number) => ((outcome.status = status), { end: () => undefined }),
    };
    methodNotAllowed(nest)({ method, path } as Request, res as unknown as Response, (error?: unknown) => {
      outcome.error = error;
      outcome.passed = error === undefined;
    });
    return outcome;
  }

  it('reads the routes Express matches, not the catch-all middleware', () => {
    expect(routesOf(nest).map((r) => r.methods)).toEqual([['GET', 'HEAD'], ['GET', 'HEAD'], ['PATCH']]);
  });

  it('answers a method the path does not have with 405 and Allow, and lets everything else through', () => {
    const trace = call('TRACE', '/api/v1/vocabularies');
    expect(trace.allow).toBe('GET, HEAD');
    expect(trace.error).toBeInstanceOf(AppError);
    expect(trace.error).toMatchObject({ status: 405, code: 'REQUEST.METHOD_NOT_ALLOWED' });
    expect(call('PUT', '/api/v1/users/usr_1')).toMatchObject({ allow: 'GET, HEAD, PATCH' });
    expect(call('GET', '/api/v1/users/usr_1')).toEqual({ passed: true, error: undefined });
    expect(call('HEAD', '/api/v1/vocabularies')).toEqual({ passed: true, error: undefined });
    expect(call('DELETE', '/api/v1/unknown')).toEqual({ passed: true, error: undefined });
  });

  it('answers OPTIONS on a path that exists with 204 and Allow', () => {
    expect(call('OPTIONS', '/api/v1/users/usr_1')).toEqual({ passed: false, status: 204, allow: 'GET, HEAD, PATCH, OPTIONS' });
    expect(call('OPTIONS', '/api/v1/unknown')).toEqual({ passed: true, error: undefined });
  });
});
