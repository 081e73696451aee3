import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Caller } from './caller';

/** The authenticated caller (set by AuthenticationGuard). */
export const CurrentIdentity = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  return ctx.switchToHttp().getRequest<Request & { user: Caller }>().user;
});
