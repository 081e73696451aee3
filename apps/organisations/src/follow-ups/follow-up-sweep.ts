import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { FollowUpLog, LeasedTask, type LeaseTerm } from '@yp/shared-persistence';
import { OrganisationsConfig } from '@organisations/organisations-config';

/**
 * Completes the follow-ups that their writer did not run (it died after its commit, or the
 * follow-up failed): every FOLLOW_UP_SWEEP_MS, on the instance holding the `follow-ups` lease, the
 * changes marked at least that long ago (younger ones are still their writer's). See FollowUpLog.
 */
@Injectable()
export class FollowUpSweep extends LeasedTask<number> {
  private readonly olderThanMs: number;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly followUps: FollowUpLog,
    config: OrganisationsConfig,
  ) {
    super(connection.db, { name: 'follow-ups', everyMs: config.FOLLOW_UP_SWEEP_MS });
    this.olderThanMs = config.FOLLOW_UP_SWEEP_MS;
  }

  protected async run(term: LeaseTerm): Promise<number> {
    const completed = await this.followUps.completeDue({ olderThanMs: this.olderThanMs, limit: 100, holds: () => term.holds() });
    if (completed > 0) this.logger.log(`Completed the follow-ups of ${completed} change(s) their writer left unfinished`);
    return completed;
  }
}
