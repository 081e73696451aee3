import { createHash } from 'node:crypto';
import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { AppError } from '@yp/shared-bootstrap';
import { WindowCounterStorage } from './window-counter-storage';

const AUTH_RATE_LIMITED = 'yp:auth-rate-limited';
/** Marks login and refresh: they also count against the stricter per-address `auth` limit. */
export const AuthRateLimit = () => SetMetadata(AUTH_RATE_LIMITED, true);

const addressOf = (req: Record<string, unknown>) => Promise.resolve(`address:${(req as unknown as Request).ip ?? 'unknown'}`);

const isAuthRoute = (context: ExecutionContext) => Reflect.getMetadata(AUTH_RATE_LIMITED, context.getHandler()) === true;

/**
 * Two limits per minute (ThrottlerModule options built from configuration):
 * - `default`: per credential (the Authorization header's hash) or, without one, per address;
 * - `address`: per address, five times `default` (a ceiling for callers inventing credentials);
 * - `auth`: per address, on login, refresh and password change (slows password guessing).
 * Counters live in this process; behind several gateway instances each counts its own share.
 */
export function rateLimitOptions(perMinute: number, authPerMinute: number): ThrottlerModuleOptions {
  return {
    throttlers: [
      { name: 'default', ttl: 60_000, limit: perMinute },
      // Made-up credentials each get a fresh 'default' bucket: one address gets at most 5 callers' worth.
      { name: 'address', ttl: 60_000, limit: perMinute * 5, getTracker: addressOf },
      {
        name: 'auth',
        ttl: 60_000,
        limit: authPerMinute,
        skipIf: (context) => !isAuthRoute(context),
        getTracker: addressOf,
      },
    ],
    errorMessage: 'Too many requests',
    storage: new WindowCounterStorage(),
  };
}

/** Credential hashes remembered at most (a burst of new credentials beyond it starts the memory afresh). */
const MAX_CREDENTIALS = 10_000;

/** Rate limits answered as 429 problem+json with Retry-After (seconds). */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** Authorization header → its tracker: a caller's requests hash its credential once, not on every request. */
  private readonly credentials = new Map<string, string>();

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as Request;
    const authorization = request.headers.authorization;
    if (!authorization) return Promise.resolve(`address:${request.ip ?? 'unknown'}`);
    let tracker = this.credentials.get(authorization);
    if (tracker === undefined) {
      if (this.credentials.size >= MAX_CREDENTIALS) this.credentials.clear();
      tracker = `credential:${createHash('sha256').update(authorization).digest('hex')}`;
      this.credentials.set(authorization, tracker);
    }
    return Promise.resolve(tracker);
  }

  /** The counter's key: per route, throttler and caller, as the throttler's own, without hashing it again on every request. */
  protected override generateKey(context: ExecutionContext, tracker: string, throttler: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${throttler}-${tracker}`;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    // Probes and scrapes are not client traffic.
    return request.path.startsWith('/health/') || request.path === '/metrics' || (await super.shouldSkip(context));
  }

  protected override throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>().setHeader('retry-after', String(retryAfter));
    throw new AppError(
      'RATE_LIMITED',
      429,
      'Too many requests',
      `Rate limit of ${detail.limit} requests per minute reached; retry after ${retryAfter} s.`,
      {
        retryAfter,
      },
    );
  }
}
