import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { DatabaseLease, type LeaseDocument } from '@yp/shared-persistence';
import { PeriodicTask } from '@yp/shared-bootstrap';
import { OrganisationsConfig } from '@organisations/organisations-config';
import { ActivityRepository } from './activity.repository';
import { OrganisationTouch } from './organisation-touch';

interface SweepDocument {
  _id: string;
  /** Every validity boundary up to this instant has been handled. */
  upTo: string;
}

const SWEEP = 'activity-validity';
const FIRST_LOOKBACK_MS = 24 * 60 * 60 * 1000;

/**
 * A published activity with `validFrom`/`validTo` becomes visible or hidden when the time comes,
 * without any write. So that incremental sync still sees it, this sweep touches the activity's
 * organisation (new version, `changedFields: ["activities"]`, refreshed activity types) once a
 * boundary has passed. It runs every ACTIVITY_VALIDITY_SWEEP_MS on the instance holding the lease,
 * and remembers how far it got, so a boundary is handled once even across restarts (the first run
 * looks back a day).
 */
@Injectable()
export class ValiditySweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ValiditySweep.name);
  private readonly lease: DatabaseLease;
  private readonly progress: mongo.Collection<SweepDocument>;
  private readonly everyMs: number;
  private readonly task: PeriodicTask;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly activities: ActivityRepository,
    private readonly touch: OrganisationTouch,
    config: OrganisationsConfig,
  ) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.everyMs = config.ACTIVITY_VALIDITY_SWEEP_MS;
    this.progress = connection.db.collection<SweepDocument>('sweeps');
    this.lease = new DatabaseLease(
      connection.db.collection<LeaseDocument>('leases'),
      SWEEP,
      randomUUID(),
      Math.max(this.everyMs * 2, 10_000),
    );
    this.task = new PeriodicTask('Validity sweep', this.everyMs, () => this.runOnce(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  /** Touches the organisations of activities whose window opened or closed since the last run. */
  async runOnce(now = new Date()): Promise<number> {
    if (!(await this.lease.acquire(now.getTime()))) return 0;
    const to = now.toISOString();
    const from = (await this.progress.findOne({ _id: SWEEP }))?.upTo ?? new Date(now.getTime() - FIRST_LOOKBACK_MS).toISOString();
    const organisations = await this.activities.organisationsWithBoundaryBetween(from, to);
    for (const organisationId of organisations) {
      if (!(await this.lease.holds())) return 0;
      await this.touch.touch(organisationId, 'activities');
    }
    await this.progress.replaceOne({ _id: SWEEP }, { upTo: to }, { upsert: true });
    if (organisations.length > 0)
      this.logger.log(`Validity sweep: ${organisations.length} organisation(s) moved for activities opening or closing`);
    return organisations.length;
  }
}
