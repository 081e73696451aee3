import { ExecutionContext, Injectable, Logger, type CanActivate } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { currentContext } from '@yp/shared-context';
import { AppError, PUBLIC_ROUTE } from '@yp/shared-bootstrap';
import type { Caller } from './caller';
import { ACCESS_POLICY, type AccessPolicy } from './access-policy.decorator';

export const API_KEY_PREFIX = 'ypk_';

const logger = new Logger('AuthenticationGuard');

function unauthorised(error: unknown, info: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error) {
    // Not a bad credential: the identity store could not be asked. Do not make clients drop good tokens.
    logger.error(`Credential check failed: ${error instanceof Error ? error.message : 'unknown error'}`);
    return new AppError('SERVICE.UNAVAILABLE', 503, 'Service unavailable', 'Credentials cannot be checked right now; try again shortly.');
  }
  const reason = info instanceof Error ? info.message : 'invalid credentials';
  return new AppError('AUTH.UNAUTHORISED', 401, 'Unauthorised', `A valid bearer token or API key is required (${reason}).`);
}

class PassportGuard extends AuthGuard('jwt') {
  override handleRequest<T>(error: unknown, caller: T | false, info: unknown): T {
    if (error || !caller) throw unauthorised(error, info);
    return caller;
  }
}

class ApiKeyPassportGuard extends AuthGuard('api-key') {
  override handleRequest<T>(error: unknown, caller: T | false, info: unknown): T {
    if (error || !caller) throw unauthorised(error, info);
    return caller;
  }
}

/**
 * Who is calling: an API key (`Bearer ypk_…`) or a person's access token (`Bearer <JWT>`), each
 * through its passport strategy. Public routes skip it; everything else needs one.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly jwt = new PassportGuard();
  private readonly apiKey = new ApiKeyPassportGuard();

  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, targets);
    if ((policy && 'public' in policy) || this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: Caller }>();
    const header = request.headers.authorization;
    if (!header) throw unauthorised(undefined, new Error('No auth token'));
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const guard = token?.startsWith(API_KEY_PREFIX) ? this.apiKey : this.jwt;
    await guard.canActivate(context);
    const ctx = currentContext();
    if (ctx && request.user) ctx.actor = request.user.actor;
    return true;
  }
}
