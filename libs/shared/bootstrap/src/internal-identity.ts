import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { LRUCache } from 'lru-cache';
import { currentContext } from '@yp/shared-context';
import type { Role } from '@yp/contracts-http';
import { AppError } from './app-error';

/** Header carrying the gateway-signed identity on gateway → service calls. */
export const IDENTITY_HEADER = 'x-yp-identity';
const AUDIENCE = 'yhteispeli-services';
const ISSUER = 'yhteispeli-gateway';

export type { Role } from '@yp/contracts-http';

/** Who is calling, as the gateway established it. */
export interface Identity {
  /** `user:<id>` or `key:<id>`. */
  readonly actor: string;
  readonly roles: readonly Role[];
  /** Region codes the caller may write in; empty with the admin role means all. */
  readonly regions: readonly string[];
}

export interface RequestWithIdentity extends Request {
  identity?: Identity;
}

/**
 * Signs and verifies the short-lived identity token the gateway passes on (HS256, fixed
 * algorithm, audience and issuer). A service trusts nothing else: a call that bypasses the gateway
 * has no valid token and is refused.
 *
 * The gateway reuses one token per caller for half its life, so a service sees the same token on
 * many requests: a token that verified is remembered (by its exact text) until its own expiry and
 * not verified again. A token is immutable and carries its expiry, so this never accepts anything
 * that a fresh verification would refuse, except within the clock resolution of the expiry (1 s).
 */
export class InternalIdentitySigner {
  private readonly jwt: JwtService;
  private readonly verified = new LRUCache<string, Identity>({ max: 1_000, ttl: 60_000, ttlAutopurge: false });

  constructor(secret: string) {
    this.jwt = new JwtService({ secret, signOptions: { algorithm: 'HS256', audience: AUDIENCE, issuer: ISSUER, expiresIn: 60 } });
  }

  sign(identity: Identity): string {
    return this.jwt.sign({ sub: identity.actor, roles: identity.roles, regions: identity.regions });
  }

  verify(token: string): Identity {
    const known = this.verified.get(token);
    if (known) return known;
    const claims = this.jwt.verify<{ sub: string; roles: Role[]; regions: string[]; exp: number }>(token, {
      algorithms: ['HS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
    });
    const identity: Identity = Object.freeze({ actor: claims.sub, roles: claims.roles, regions: claims.regions });
    const ttl = claims.exp * 1000 - Date.now();
    if (ttl > 0) this.verified.set(token, identity, { ttl });
    return identity;
  }
}

export const PUBLIC_ROUTE = 'yp:public-route';
/** Marks a route that needs no identity (health, metrics). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);

@Injectable()
export class InternalIdentityGuard implements CanActivate {
  constructor(
    private readonly signer: InternalIdentitySigner,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<RequestWithIdentity>();
    const token = request.headers[IDENTITY_HEADER];
    if (typeof token !== 'string' || token.length === 0) {
      throw new AppError('AUTH.IDENTITY_MISSING', 401, 'Unauthorised', 'Calls must come through the gateway.');
    }
    try {
      request.identity = this.signer.verify(token);
    } catch {
      throw new AppError('AUTH.IDENTITY_INVALID', 401, 'Unauthorised', 'The forwarded identity is not valid.');
    }
    const ctx = currentContext();
    if (ctx) ctx.actor = request.identity.actor;
    return true;
  }
}

/**
 * Object-level rule shared by every service: may this identity write in these regions? Admins
 * everywhere; coordinators and read-write keys only where every region is theirs; nobody else.
 */
export function canWriteRegions(identity: Identity, regions: readonly string[]): boolean {
  if (identity.roles.includes('admin')) return true;
  if (!identity.roles.includes('coordinator') && !identity.roles.includes('integration')) return false;
  return regions.length > 0 && regions.every((r) => identity.regions.includes(r));
}

/** May this identity read non-public data (drafts, personal data) of a record in these regions? */
export function canReadRegions(identity: Identity, regions: readonly string[]): boolean {
  if (identity.roles.includes('admin')) return true;
  return regions.some((r) => identity.regions.includes(r));
}
