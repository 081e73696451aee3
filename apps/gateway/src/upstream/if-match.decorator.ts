import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { parseIfMatch } from '@yp/shared-bootstrap';

/**
 * The client's If-Match (a conditional write), checked here and passed on for the service to
 * compare with the current version; also documents the header on the route. An empty or malformed
 * value is a 400 `REQUEST.BAD_IF_MATCH` (the document's pattern), so it can never be mistaken for
 * no header and turn a conditional write into an unconditional one. Routes without it never pass
 * one on.
 */
export const IfMatch = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined => {
    const value = context.switchToHttp().getRequest<Request>().headers['if-match'];
    if (value === undefined) return undefined;
    // Node joins repeated If-Match headers into one list, which is malformed here too.
    parseIfMatch(value);
    return value;
  },
  [
    (target, key) => {
      if (key !== undefined)
        ApiHeader({ name: 'If-Match', required: false, example: '"3"' })(target, key, Object.getOwnPropertyDescriptor(target, key) ?? {});
    },
  ],
);
