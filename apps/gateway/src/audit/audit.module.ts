import { Module } from '@nestjs/common';
import { AuditEventRepository } from './audit-event.repository';
import { ListAuditEventsController } from './queries/list-audit-events/list-audit-events.controller';

/** The audit trail of writes: its store (written by the audit-trail middleware, see main.ts) and the admin route that reads it. */
@Module({
  controllers: [ListAuditEventsController],
  providers: [AuditEventRepository],
  exports: [AuditEventRepository],
})
export class AuditModule {}
