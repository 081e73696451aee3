import type { Role } from '@yp/contracts-http';
import type { Caller } from '@gateway/access/caller';

export const ACCESS_TOKEN_AUDIENCE = 'yhteispeli-api';
export const ACCESS_TOKEN_ISSUER = 'yhteispeli';
/** The only algorithm accepted or issued: no `alg: none`, no switching to a public-key algorithm. */
export const ACCESS_TOKEN_ALGORITHM = 'HS256';

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  roles: Role[];
  regions: string[];
}

export function callerFromClaims(claims: AccessTokenClaims): Caller {
  return { kind: 'user', actor: `user:${claims.sub}`, roles: claims.roles, regions: claims.regions, sessionId: claims.sid };
}
