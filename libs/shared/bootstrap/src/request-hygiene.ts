import type { NextFunction, Request, Response } from 'express';
import { AppError } from './app-error';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

/** Finds the first key that could smuggle a MongoDB operator or pollute a prototype. */
export function findForbiddenKey(value: unknown, path = '', depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return `${path || '<root>'} (nested too deep)`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findForbiddenKey(value[i], `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const here = path ? `${path}.${key}` : key;
      if (key.startsWith('$') || key.includes('\u0000') || FORBIDDEN_KEYS.has(key)) return here;
      const hit = findForbiddenKey((value as Record<string, unknown>)[key], here, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * Refuses request bodies and query strings carrying `$`-operators or prototype keys before any
 * handler sees them (they must never reach a database filter), and non-JSON write bodies.
 */
export function requestHygiene(req: Request, _res: Response, next: NextFunction): void {
  const queryHit = Object.keys(req.query ?? {}).find((k) => k.startsWith('$') || FORBIDDEN_KEYS.has(k) || k.includes('['));
  if (queryHit) {
    next(new AppError('REQUEST.FORBIDDEN_KEY', 400, 'Forbidden parameter', `Query parameter "${queryHit}" is not allowed.`));
    return;
  }
  const bodyHit = findForbiddenKey(req.body);
  if (bodyHit) {
    next(
      new AppError(
        'REQUEST.FORBIDDEN_KEY',
        400,
        'Forbidden field name',
        `Field "${bodyHit}" is not allowed: names may not start with "$" or be a prototype key.`,
      ),
    );
    return;
  }
  const method = req.method.toUpperCase();
  const length = Number(req.headers['content-length'] ?? 0);
  // A string body was parsed by the text parser of a route listed in createService's `textBodies`
  // (the JSON parser is strict: it yields only objects and arrays); every other non-JSON body is refused.
  const acceptedText = typeof req.body === 'string';
  if (
    ['POST', 'PUT', 'PATCH'].includes(method) &&
    length > 0 &&
    !acceptedText &&
    !req.is('application/json') &&
    !req.is('application/*+json')
  ) {
    next(new AppError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 415, 'Unsupported media type', 'Send the body as application/json.'));
    return;
  }
  next();
}
