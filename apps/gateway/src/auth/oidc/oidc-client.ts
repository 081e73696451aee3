import { Logger, type Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import * as client from 'openid-client';
import { isLoopbackHttp } from './oidc-config';
import { OidcTransactionCookie } from './oidc-transaction';

export const OIDC_CLIENT = Symbol('OIDC_CLIENT');
export const OIDC_TRANSACTIONS = Symbol('OIDC_TRANSACTIONS');
/** Where the strategy keeps the pending request in `req.session` (here: the transaction cookie). */
export const OIDC_SESSION_KEY = 'oidc';

/** The provider's metadata (read from its discovery document once, at start) and this client's credentials. */
export const oidcClientProvider: Provider = {
  provide: OIDC_CLIENT,
  inject: [ConfigService],
  useFactory: async (config: ConfigService): Promise<client.Configuration> => {
    const issuer = config.getOrThrow<string>('OIDC_ISSUER_URL');
    const options = isLoopbackHttp(issuer) ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 };
    try {
      const configuration = await client.discovery(
        new URL(issuer),
        config.getOrThrow<string>('OIDC_CLIENT_ID'),
        undefined,
        client.ClientSecretBasic(config.getOrThrow<string>('OIDC_CLIENT_SECRET')),
        options,
      );
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
  inject: [ConfigService],
  useFactory: (config: ConfigService) => {
    const callback = new URL(config.getOrThrow<string>('OIDC_REDIRECT_URL'));
    return new OidcTransactionCookie(config.getOrThrow<string>('JWT_SECRET'), callback.pathname, callback.protocol === 'https:');
  },
};
