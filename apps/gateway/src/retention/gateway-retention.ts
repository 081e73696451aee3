import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { DatabaseLease, type LeaseDocument } from '@yp/shared-persistence';
import { PeriodicTask } from '@yp/shared-bootstrap';
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
export class GatewayRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(GatewayRetention.name);
  private readonly lease: DatabaseLease;
  private readonly db: mongo.Db;
  private readonly auditDays: number;
  private readonly task: PeriodicTask;

  constructor(@InjectConnection() connection: Connection, config: GatewayConfig) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.db = connection.db;
    this.lease = new DatabaseLease(this.db.collection<LeaseDocument>('leases'), 'gateway-retention', randomUUID(), HOUR);
    this.auditDays = config.AUDIT_RETENTION_DAYS;
    this.task = new PeriodicTask('Gateway retention', 10 * 60 * 1000, () => this.runOnce(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  /** Deletes what is past retention if this instance holds this hour's lease. */
  async runOnce(now = new Date()): Promise<{ sessions: number; auditEvents: number } | undefined> {
    if (!(await this.lease.acquire(now.getTime()))) return undefined;
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
