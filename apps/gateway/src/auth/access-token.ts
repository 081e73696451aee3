import type { Identity, Role } from '@yp/shared-bootstrap';

export const ACCESS_TOKEN_AUDIENCE = 'yhteispeli-api';
export const ACCESS_TOKEN_ISSUER = 'yhteispeli';
export const ACCESS_TOKEN_TTL_SECONDS = 900;

export interface AccessTokenClaims {
  sub: string;
  roles: Role[];
  regions: string[];
}

export function identityFromClaims(claims: AccessTokenClaims): Identity {
  return { actor: `user:${claims.sub}`, roles: claims.roles, regions: claims.regions };
}
