import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { currentCorrelationId } from '@yp/shared-context';
import type { Caller } from '@gateway/access/caller';
import { auditEventId, type AuditEventRepository } from './audit-event.repository';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const logger = new Logger('AuditTrail');

/**
 * Records every write request once its answer is sent, refused ones included: who (user or key id;
 * for a login or refresh the user it was for, `res.locals.auditActor`; else anonymous), when, the route and path, the outcome, the client address and the names of the
 * fields sent. Values are never recorded (they may be personal data or passwords).
 */
export function auditTrail(repository: AuditEventRepository) {
  return (req: Request & { user?: Caller }, res: Response, next: NextFunction): void => {
    if (!WRITES.has(req.method) || !req.path.startsWith('/api/')) return next();
    const correlationId = currentCorrelationId();
    res.once('finish', () => {
      const body: unknown = req.body;
      const at = new Date();
      const route = (req.route as { path?: string } | undefined)?.path;
      repository
        .append({
          _id: auditEventId(at),
          at,
          actor: req.user?.actor ?? (typeof res.locals.auditActor === 'string' ? res.locals.auditActor : 'anonymous'),
          method: req.method,
          route: route ?? req.path,
          path: req.path.slice(0, 300),
          status: res.statusCode,
          fields: body && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body).slice(0, 50).sort() : [],
          address: req.ip ?? 'unknown',
          correlationId,
        })
        .catch((error: unknown) => logger.error(`Audit event not stored for ${req.method} ${req.path}: ${String(error)}`));
    });
    next();
  };
}
