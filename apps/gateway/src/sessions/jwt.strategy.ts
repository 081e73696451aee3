import { Injectable } from '@nestjs/common';
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

/**
 * People's bearer JWTs: HS256 only (no `alg: none`, no algorithm switching), the configured key id,
 * fixed audience and issuer, and the session named in `sid` must still be open, so logout and password change take
 * effect at once rather than when the token expires.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: GatewayConfig,
    private readonly sessions: SessionsService,
  ) {
    const { JWT_SECRET: secret, JWT_KEY_ID: keyId } = config;
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
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

  async validate(claims: Partial<AccessTokenClaims>): Promise<Caller> {
    if (!isClaims(claims)) throw new AppError('AUTH.UNAUTHORISED', 401, 'Unauthorised', 'The access token is not one this API issued.');
    if (!(await this.sessions.active(claims.sid))) {
      throw new AppError('AUTH.SESSION_ENDED', 401, 'Unauthorised', 'The session of this access token has ended; log in again.');
    }
    return callerFromClaims(claims);
  }
}
