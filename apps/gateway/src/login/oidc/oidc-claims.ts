import { normaliseUsername } from '@gateway/users/user.repository';
import { oidcClaimRejected } from './oidc.errors';

export type OidcClaims = Readonly<Record<string, unknown>>;

/**
 * The username an OIDC identity maps to: the configured claim, lower-cased like every username.
 * When that claim is `email`, the provider must also say the address is verified
 * (`email_verified: true`), or anyone who can type an address into the provider could take over
 * the account that has it.
 */
export function usernameFromClaims(claims: OidcClaims, claim: string): string {
  const value = claims[claim];
  if (typeof value !== 'string' || !value.trim()) throw oidcClaimRejected(`The identity provider did not send the ${claim} claim.`);
  if (claim === 'email' && claims.email_verified !== true && claims.email_verified !== 'true') {
    throw oidcClaimRejected('The identity provider has not verified this email address.');
  }
  return normaliseUsername(value);
}

/** Whether the claims in hand are enough to map, or the userinfo endpoint must be asked for more. */
export function needsUserInfo(claims: OidcClaims, claim: string): boolean {
  return claims[claim] === undefined || (claim === 'email' && claims.email_verified === undefined);
}
