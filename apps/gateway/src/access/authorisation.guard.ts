import { ExecutionContext, Injectable, Logger, type CanActivate } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError, PUBLIC_ROUTE } from '@yp/shared-bootstrap';
import type { Caller } from './caller';
import { ACCESS_POLICY, type AccessPolicy } from './access-policy.decorator';

/**
 * Function-level authorisation: the caller needs one of the roles the route allows. A route that
 * declares no policy is refused. Object-level checks (regions) happen in the owning service.
 */
@Injectable()
export class AuthorisationGuard implements CanActivate {
  private readonly logger = new Logger(AuthorisationGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, targets);
    if (policy && 'public' in policy) return true;
    if (!policy) {
      this.logger.error(`Route ${context.getClass().name}.${context.getHandler().name} declares no access policy; refused`);
      throw forbidden();
    }
    const caller = context.switchToHttp().getRequest<Request & { user?: Caller }>().user;
    if (!caller || !caller.roles.some((r) => policy.roles.includes(r))) throw forbidden();
    return true;
  }
}

const forbidden = () => new AppError('AUTH.FORBIDDEN', 403, 'Forbidden', 'Your role does not allow this operation.');
