import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import * as client from 'openid-client';
import { Strategy, type AuthenticateOptions } from 'openid-client/passport';
import { GatewayConfig } from '@gateway/config/gateway-config';
import { oidcSettings } from '@gateway/config/oidc-config';
import { needsUserInfo, usernameFromClaims, type OidcClaims } from './oidc-claims';
import { OIDC_CLIENT, OIDC_SESSION_KEY } from './oidc-client';
import { oidcClaimRejected } from './oidc.errors';

export const OIDC_STRATEGY = 'oidc';

/**
 * Authorisation code flow with PKCE (S256), state and nonce against the configured provider.
 * The first pass redirects to the provider; the second (the callback) checks the response against
 * the pending request, redeems the code, validates the ID token, and yields the username the
 * identity maps to. Which user that is, and whether they may log in, is the handler's business.
 */
@Injectable()
export class OidcStrategy extends PassportStrategy(Strategy, OIDC_STRATEGY) {
  private readonly usernameClaim: string;

  constructor(
    @Inject(OIDC_CLIENT) private readonly configuration: client.Configuration,
    config: GatewayConfig,
  ) {
    const settings = oidcSettings(config);
    super({
      config: configuration,
      name: OIDC_STRATEGY,
      sessionKey: OIDC_SESSION_KEY,
      callbackURL: settings.redirectUrl,
      scope: settings.scopes,
      passReqToCallback: false,
    });
    this.usernameClaim = settings.usernameClaim;
  }

  /** PKCE alone would do for a provider that supports it; state and nonce are added all the same (defence in depth). */
  override authorizationRequestParams<T extends AuthenticateOptions>(request: Request, options: T): URLSearchParams {
    const params = new URLSearchParams(super.authorizationRequestParams(request, options));
    params.set('state', client.randomState());
    params.set('nonce', client.randomNonce());
    return params;
  }

  async validate(tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers): Promise<string> {
    const idToken = tokens.claims();
    if (!idToken) throw oidcClaimRejected('The identity provider sent no ID token.');
    let claims: OidcClaims = idToken;
    if (needsUserInfo(claims, this.usernameClaim)) {
      // Many providers put profile claims only in userinfo; its subject must be the ID token's.
      claims = { ...idToken, ...(await client.fetchUserInfo(this.configuration, tokens.access_token, idToken.sub)) };
    }
    return usernameFromClaims(claims, this.usernameClaim);
  }
}
