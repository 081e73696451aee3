import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { currentContext } from '@yp/shared-context';
import { AppError, PUBLIC_ROUTE, type Identity } from '@yp/shared-bootstrap';
import { IS_PUBLIC } from './public.decorator';

@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) || this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    return super.canActivate(context);
  }

  override handleRequest<T = Identity>(error: unknown, identity: T | false, info: unknown): T {
    if (error || !identity) {
      const reason = info instanceof Error ? info.message : 'missing bearer token';
      throw new AppError('AUTH.UNAUTHORISED', 401, 'Unauthorised', `A valid bearer token is required (${reason}).`);
    }
    const ctx = currentContext();
    if (ctx) ctx.actor = (identity as unknown as Identity).actor;
    return identity;
  }
}
