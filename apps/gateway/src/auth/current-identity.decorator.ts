import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Identity } from '@yp/shared-bootstrap';

/** The authenticated caller (set by JwtAuthGuard). */
export const CurrentIdentity = createParamDecorator((_: unknown, ctx: ExecutionContext): Identity => {
  return ctx.switchToHttp().getRequest<Request & { user: Identity }>().user;
});
