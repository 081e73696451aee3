import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ROLES } from '@yp/contracts-http';
import { AppError } from '@yp/shared-bootstrap';
import type { Caller } from '@gateway/access/caller';
import { GatewayConfig } from '@gateway/config/gateway-config';
import {
  ACCESS_TOKEN_ALGORITHM,
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  callerFromClaims,
  type AccessTokenClaims,
} from './access-token';
import { SessionsService } from './sessions.service';

const isClaims = (c: Partial<AccessTokenClaims>): c is AccessTokenClaims =>
  typeof c.sub === 'string' &&
  typeof c.sid === 'string' &&
  Array.isArray(c.roles) &&
  c.roles.every((r) => (ROLES as readonly string[]).includes(r)) &&
  Array.isArray(c.regions) &&
  c.regions.every((r) => typeof r === 'string');

function keyFor(rawJwt: string, keyId: string, secret: string): [Error | null, string?] {
  try {
    const header = JSON.parse(Buffer.from(rawJwt.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown };
    return header.kid === keyId ? [null, secret] : [new Error('unknown key id')];
  } catch {
    return [new Error('jwt malformed')];
  }
}

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();
/** Verified tokens remembered at most (a burst of new tokens beyond it starts the memory afresh). */
const MAX_VERIFIED = 10_000;

/**
 * People's bearer JWTs: HS256 only (no `alg: none`, no algorithm switching), the configured key id,
 * fixed audience and issuer, and the session named in `sid` must still be open, so logout and password change take
 * effect at once rather than when the token expires.
 *
 * A token whose signature and claims were verified once is remembered with its claims until it
 * expires: the next request with it skips the signature check (HMAC, JSON, key object) but not the
 * session check, which runs on every request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly verified = new Map<string, { readonly claims: AccessTokenClaims; readonly expiresAtMs: number }>();

  constructor(
    config: GatewayConfig,
    private readonly sessions: SessionsService,
  ) {
    const { JWT_SECRET: secret, JWT_KEY_ID: keyId } = config;
    super({
      jwtFromRequest: bearerToken,
      passReqToCallback: true,
      // The key is chosen by the token's `kid`: only the current key id is known (rotation adds one).
      secretOrKeyProvider: (_request: unknown, rawJwt: string, done: (error: Error | null, secret?: string) => void) => {
        done(...keyFor(rawJwt, keyId, secret));
      },
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      audience: ACCESS_TOKEN_AUDIENCE,
      issuer: ACCESS_TOKEN_ISSUER,
      ignoreExpiration: false,
    });
  }

  /** Passport's entry: a token verified before (and not expired) goes straight to the session check. */
  override authenticate(req: Request, options?: object): void {
    const token = bearerToken(req);
    const known = token ? this.verified.get(token) : undefined;
    if (!known || known.expiresAtMs <= Date.now()) {
      super.authenticate(req, options);
      return;
    }
    this.callerOf(known.claims).then(
      (caller) => this.success(caller),
      (error: unknown) => this.error(error as Error),
    );
  }

  /** Called by passport-jwt once the token's signature, algorithm, key id, audience, issuer and expiry are checked. */
  async validate(req: Request, claims: Partial<AccessTokenClaims> & { exp?: unknown }): Promise<Caller> {
    const { exp } = claims;
    if (!isClaims(claims)) throw new AppError('AUTH.UNAUTHORISED', 401, 'Unauthorised', 'The access token is not one this API issued.');
    const token = bearerToken(req);
    if (token && typeof exp === 'number') {
      if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
      this.verified.set(token, { claims, expiresAtMs: exp * 1000 });
    }
    return this.callerOf(claims);
  }

  private async callerOf(claims: AccessTokenClaims): Promise<Caller> {
    if (!(await this.sessions.active(claims.sid))) {
      throw new AppError('AUTH.SESSION_ENDED', 401, 'Unauthorised', 'The session of this access token has ended; log in again.');
    }
    return callerFromClaims(claims);
  }
}
