import { Logger, type Provider } from '@nestjs/common';
import * as client from 'openid-client';
import { GatewayConfig } from '@gateway/config/gateway-config';
import { isLoopbackHttp, oidcSettings } from '@gateway/config/oidc-config';
import { OidcTransactionCookie } from './oidc-transaction';

export const OIDC_CLIENT = Symbol('OIDC_CLIENT');
export const OIDC_TRANSACTIONS = Symbol('OIDC_TRANSACTIONS');
/** Where the strategy keeps the pending request in `req.session` (here: the transaction cookie). */
export const OIDC_SESSION_KEY = 'oidc';

/** The provider's metadata (read from its discovery document once, at start) and this client's credentials. */
export const oidcClientProvider: Provider = {
  provide: OIDC_CLIENT,
  inject: [GatewayConfig],
  useFactory: async (config: GatewayConfig): Promise<client.Configuration> => {
    const { issuerUrl: issuer, clientId, clientSecret } = oidcSettings(config);
    const options = isLoopbackHttp(issuer) ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 };
    try {
      const configuration = await client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(clientSecret), options);
      new Logger('Oidc').log({ issuer: configuration.serverMetadata().issuer }, 'OpenID Connect login enabled');
      return configuration;
    } catch (error) {
      throw new Error(`OpenID Connect discovery of ${issuer} failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  },
};

export const oidcTransactionsProvider: Provider = {
  provide: OIDC_TRANSACTIONS,
  inject: [GatewayConfig],
  useFactory: (config: GatewayConfig) => {
    const callback = new URL(oidcSettings(config).redirectUrl);
    return new OidcTransactionCookie(config.JWT_SECRET, callback.pathname, callback.protocol === 'https:');
  },
};
