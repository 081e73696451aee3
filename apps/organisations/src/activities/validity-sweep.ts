import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { LeasedTask, type LeaseTerm } from '@yp/shared-persistence';
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
 * and remembers how far it got only after touching, so a boundary is handled even across restarts
 * (the first run looks back a day); a touch repeated by the next holder is harmless.
 */
@Injectable()
export class ValiditySweep extends LeasedTask<number> {
  private readonly progress: mongo.Collection<SweepDocument>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly activities: ActivityRepository,
    private readonly touch: OrganisationTouch,
    config: OrganisationsConfig,
  ) {
    super(connection.db, { name: SWEEP, everyMs: config.ACTIVITY_VALIDITY_SWEEP_MS });
    this.progress = this.db.collection<SweepDocument>('sweeps');
  }

  /** Touches the organisations of activities whose window opened or closed since the last run. */
  protected async run(term: LeaseTerm): Promise<number> {
    const { now } = term;
    const to = now.toISOString();
    const from = (await this.progress.findOne({ _id: SWEEP }))?.upTo ?? new Date(now.getTime() - FIRST_LOOKBACK_MS).toISOString();
    const organisations = await this.activities.organisationsWithBoundaryBetween(from, to);
    for (const organisationId of organisations) {
      if (!(await term.holds())) return 0;
      await this.touch.touch(organisationId, 'activities');
    }
    await this.progress.replaceOne({ _id: SWEEP }, { upTo: to }, { upsert: true });
    if (organisations.length > 0)
      this.logger.log(`Validity sweep: ${organisations.length} organisation(s) moved for activities opening or closing`);
    return organisations.length;
  }
}
