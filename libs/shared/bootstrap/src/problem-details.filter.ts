import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { currentCorrelationId } from '@yp/shared-context';
import { AppError, PreparedResponse, RequestValidationError, type FieldError } from './app-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  correlationId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, [string, string]> = {
  400: ['Bad request', 'REQUEST.BAD_REQUEST'],
  401: ['Unauthorised', 'AUTH.UNAUTHORISED'],
  403: ['Forbidden', 'AUTH.FORBIDDEN'],
  404: ['Not found', 'REQUEST.NOT_FOUND'],
  405: ['Method not allowed', 'REQUEST.METHOD_NOT_ALLOWED'],
  409: ['Conflict', 'REQUEST.CONFLICT'],
  412: ['Precondition failed', 'REQUEST.PRECONDITION_FAILED'],
  413: ['Payload too large', 'REQUEST.PAYLOAD_TOO_LARGE'],
  415: ['Unsupported media type', 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
  422: ['Request validation failed', 'REQUEST.VALIDATION_FAILED'],
  428: ['Precondition required', 'REQUEST.PRECONDITION_REQUIRED'],
  429: ['Too many requests', 'REQUEST.RATE_LIMITED'],
  503: ['Service unavailable', 'SERVICE.UNAVAILABLE'],
};

function typeFor(code: string): string {
  return `https://yhteispeli.example/problems/${code.toLowerCase().replace(/[._]/g, '-')}`;
}

/** Errors raised by Express' body parser before Nest sees the request. */
interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

/**
 * The one exception filter of every app: everything leaves as RFC 9457 problem+json with a stable
 * `code` and the `correlationId`. A 500 shows only an error id, which is in the logs with the cause.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (exception instanceof PreparedResponse) {
      if (response.headersSent) return;
      for (const [name, value] of Object.entries(exception.headers)) response.setHeader(name, value);
      response.status(exception.status).send(exception.body);
      return;
    }
    const problem = this.toProblem(exception, request);
    if (response.headersSent) return;
    if (typeof problem.retryAfter === 'number') response.setHeader('retry-after', String(problem.retryAfter));
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  toProblem(exception: unknown, request: Request): ProblemDetails {
    const base = { instance: request.originalUrl?.split('?')[0], correlationId: currentCorrelationId() };
    if (exception instanceof RequestValidationError) {
      return {
        ...base,
        type: typeFor(exception.code),
        title: exception.title,
        status: exception.status,
        detail: exception.detail,
        code: exception.code,
        errors: [...exception.errors],
      };
    }
    if (exception instanceof AppError) {
      return {
        ...exception.extensions,
        ...base,
        type: typeFor(exception.code),
        title: exception.title,
        status: exception.status,
        detail: exception.detail,
        code: exception.code,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const [title, code] = TITLES[status] ?? [exception.name, `HTTP.${status}`];
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
      const explicit = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
      const finalCode = typeof explicit === 'string' ? explicit : code;
      return { ...base, type: typeFor(finalCode), title, status, detail, code: finalCode };
    }
    const parser = exception as BodyParserError;
    if (parser && typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500 && parser.expose) {
      if (parser.type === 'entity.too.large') {
        return {
          ...base,
          type: typeFor('REQUEST.PAYLOAD_TOO_LARGE'),
          title: 'Payload too large',
          status: 413,
          detail: 'The request body is larger than the limit of 1 MiB.',
          code: 'REQUEST.PAYLOAD_TOO_LARGE',
        };
      }
      if (parser.type === 'entity.parse.failed') {
        return {
          ...base,
          type: typeFor('REQUEST.MALFORMED_JSON'),
          title: 'Malformed JSON',
          status: 400,
          detail: 'The request body is not valid JSON.',
          code: 'REQUEST.MALFORMED_JSON',
        };
      }
      const [title, code] = TITLES[parser.status] ?? ['Bad request', 'REQUEST.BAD_REQUEST'];
      return { ...base, type: typeFor(code), title, status: parser.status, detail: parser.message, code };
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, err: exception }, `Unhandled error ${errorId}`);
    return {
      ...base,
      type: typeFor('SERVER.INTERNAL_ERROR'),
      title: 'Internal server error',
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: `Something went wrong on our side. Quote error id ${errorId} when you report it.`,
      code: 'SERVER.INTERNAL_ERROR',
      errorId,
    };
  }
}
