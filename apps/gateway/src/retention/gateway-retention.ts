import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { LeasedTask, type LeaseTerm } from '@yp/shared-persistence';
import { GatewayConfig } from '@gateway/config/gateway-config';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** An ended session is kept a week after it expired, for questions about recent logins. */
const SESSION_GRACE_DAYS = 7;

/**
 * Keeps the gateway's own records from growing for ever. Hourly, on the instance holding the
 * `gateway-retention` lease: sessions a week past their expiry (their change log first, then their
 * state, so nothing heals them back) and audit events older than AUDIT_RETENTION_DAYS.
 */
@Injectable()
export class GatewayRetention extends LeasedTask<{ sessions: number; auditEvents: number }> {
  private readonly auditDays: number;

  constructor(@InjectConnection() connection: Connection, config: GatewayConfig) {
    super(connection.db, { name: 'gateway-retention', everyMs: 10 * 60 * 1000, termMs: HOUR });
    this.auditDays = config.AUDIT_RETENTION_DAYS;
  }

  /** Deletes what is past retention (this instance holds this hour's lease); returns the counts. */
  protected async run({ now }: LeaseTerm): Promise<{ sessions: number; auditEvents: number }> {
    const sessions = this.db.collection<{ _id: string }>('sessions');
    const expired = await sessions
      .find({ 'state.expiresAt': { $lt: new Date(now.getTime() - SESSION_GRACE_DAYS * DAY) } } as never, { projection: { _id: 1 } })
      .toArray();
    for (let i = 0; i < expired.length; i += 500) {
      const ids = expired.slice(i, i + 500).map((d) => d._id);
      await this.db.collection('sessions_changes').deleteMany({ aggregateId: { $in: ids } });
      await sessions.deleteMany({ _id: { $in: ids } });
    }
    const auditEvents = (
      await this.db.collection('audit_events').deleteMany({ at: { $lt: new Date(now.getTime() - this.auditDays * DAY) } })
    ).deletedCount;
    if (expired.length + auditEvents > 0)
      this.logger.log(`Retention: deleted ${expired.length} ended sessions and ${auditEvents} audit events`);
    return { sessions: expired.length, auditEvents };
  }
}
