import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';

/**
 * The client's If-Match (a conditional write), for the service to compare with the current version;
 * also documents the header on the route. Routes without it never pass one on.
 */
export const IfMatch = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined => {
    const value = context.switchToHttp().getRequest<Request>().headers['if-match'];
    return typeof value === 'string' ? value : undefined;
  },
  [
    (target, key) => {
      if (key !== undefined)
        ApiHeader({ name: 'If-Match', required: false, example: '"3"' })(target, key, Object.getOwnPropertyDescriptor(target, key) ?? {});
    },
  ],
);
