import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AppError } from '@yp/shared-bootstrap';

/**
 * The request body of a text/csv route (see `textBodies` in main.ts, which mounts the parser for that
 * route alone); any other media type is a 415.
 */
export const CsvBody = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const req = context.switchToHttp().getRequest<Request>();
  const body: unknown = req.body;
  if (typeof body === 'string') return body;
  if (req.is('text/csv')) return '';
  throw new AppError(
    'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    415,
    'Unsupported media type',
    'Send the file as the request body with Content-Type: text/csv (UTF-8).',
  );
});
