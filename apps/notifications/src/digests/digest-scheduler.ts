import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { DeliveryRepository } from '@notifications/deliveries/delivery.repository';
import { DatabaseLease, type LeaseDocument } from '@yp/shared-persistence';
import { PeriodicTask } from '@yp/shared-bootstrap';

/**
 * Every DIGEST_POLL_MS each instance tries the `digests` lease; the holder gathers, per person and
 * period, the pending items whose earliest due time has come into one digest email, which the
 * delivery worker then sends like any other. Repeating a run (after a crash, or a lease term that
 * ended mid-run) queues no second digest: see DeliveryRepository.queueDigest.
 */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DigestScheduler.name);
  private readonly lease: DatabaseLease;
  private readonly pollMs: number;
  private readonly task: PeriodicTask;

  constructor(
    private readonly deliveries: DeliveryRepository,
    @InjectConnection() connection: Connection,
    config: ConfigService,
  ) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.pollMs = config.getOrThrow<number>('DIGEST_POLL_MS');
    this.lease = new DatabaseLease(
      connection.db.collection<LeaseDocument>('leases'),
      'digests',
      randomUUID(),
      Math.max(this.pollMs * 2, 10_000),
    );
    this.task = new PeriodicTask('Digest run', this.pollMs, () => this.runOnce(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  /** One run: returns how many digests were queued (0 when another instance holds the lease). */
  async runOnce(now = new Date()): Promise<number> {
    if (!(await this.lease.acquire(now.getTime()))) return 0;
    let queued = 0;
    for (const { personId, period } of await this.deliveries.dueDigests(now)) {
      if (!(await this.lease.holds())) break;
      const items = await this.deliveries.pendingDigestItems(personId, period);
      if (items.length === 0) continue;
      const digest = await this.deliveries.queueDigest(personId, period, items);
      if (digest.created) {
        queued++;
        this.logger.log(`Queued a ${period} digest of ${items.length} item(s) for ${personId}`);
      }
    }
    return queued;
  }
}
