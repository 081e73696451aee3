import { Inject, Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import { AuthGuard, type IAuthModuleOptions } from '@nestjs/passport';
import type { Request, Response } from 'express';
import * as client from 'openid-client';
import { AppError } from '@yp/shared-bootstrap';
import { OIDC_SESSION_KEY, OIDC_TRANSACTIONS } from './oidc-client';
import type { OidcTransactionCookie } from './oidc-transaction';
import { oidcLoginFailed, oidcUnavailable } from './oidc.errors';
import { OIDC_STRATEGY } from './oidc.strategy';

const UNREACHABLE = new Set(['OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON', 'OAUTH_TIMEOUT']);
const logger = new Logger('OidcAuthGuard');

/** What went wrong, as problem+json: the provider's refusals and mismatched responses are 401, an unreachable provider 503. */
export function oidcProblem(error: unknown, info: unknown): Error {
  if (error instanceof AppError) return error;
  if (!error) {
    const message =
      info && typeof info === 'object' && 'message' in info && typeof info.message === 'string' ? info.message : 'not confirmed';
    return oidcLoginFailed(`The identity provider did not confirm the login (${message}).`);
  }
  if (error instanceof client.AuthorizationResponseError)
    return oidcLoginFailed(`The identity provider refused the login (${error.error}).`);
  if (error instanceof client.ResponseBodyError || error instanceof client.WWWAuthenticateChallengeError) {
    logger.warn({ error: error.message }, 'OIDC token or userinfo request refused');
    return oidcLoginFailed('The identity provider did not accept the authorisation code; start the login again.');
  }
  if (error instanceof client.ClientError) {
    if (UNREACHABLE.has(error.code ?? '')) return oidcUnavailable();
    return oidcLoginFailed(`The response from the identity provider does not match this login (${error.message}); start the login again.`);
  }
  if (error instanceof TypeError && error.message === 'fetch failed') return oidcUnavailable();
  return error instanceof Error ? error : new Error('The OpenID Connect login failed', { cause: error });
}

/**
 * Runs the `oidc` passport strategy with the transaction cookie standing in for a session. On the
 * login route the strategy answers with a redirect itself; passport then never calls back, so the
 * guard lets the (response-less) handler run once the redirect has been sent.
 */
@Injectable()
export class OidcAuthGuard extends AuthGuard(OIDC_STRATEGY) {
  constructor(@Inject(OIDC_TRANSACTIONS) private readonly transactions: OidcTransactionCookie) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    this.transactions.attach(request, response, OIDC_SESSION_KEY);
    const redirected = new Promise<boolean>((resolve) => response.once('finish', () => resolve(true)));
    return Promise.race([super.canActivate(context) as Promise<boolean>, redirected]);
  }

  override getAuthenticateOptions(): IAuthModuleOptions {
    return { session: false };
  }

  override handleRequest<T>(error: unknown, username: T | false, info: unknown): T {
    if (error || !username) throw oidcProblem(error, info);
    return username;
  }
}
