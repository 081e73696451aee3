import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { LeasedTask, type LeaseTerm } from '@yp/shared-persistence';
import { WebhookEventRepository } from '@notifications/webhooks/fan-out/webhook-event.repository';
import { WebhookSettings } from '@notifications/webhooks/webhook-settings';
import { WebhookClaims } from './webhook-claims';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookNotices } from './webhook-notices';

/**
 * Once a minute, on the instance holding the `webhook-housekeeping` lease: notices not sent yet (a
 * crash between disabling and telling, a failed send), and the retention (FerretDB has no TTL
 * indexes): events, finished deliveries and stale claims.
 */
@Injectable()
export class WebhookHousekeeping extends LeasedTask<void> {
  constructor(
    @InjectConnection() connection: Connection,
    private readonly settings: WebhookSettings,
    private readonly notices: WebhookNotices,
    private readonly events: WebhookEventRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly claims: WebhookClaims,
  ) {
    super(connection.db, { name: 'webhook-housekeeping', everyMs: 60_000 });
  }

  protected async run({ now }: LeaseTerm): Promise<void> {
    await this.notices.catchUp();
    const cutoff = new Date(now.getTime() - this.settings.retentionMs);
    const events = await this.events.purgeBefore(cutoff);
    const deliveries = await this.deliveries.purgeBefore(cutoff);
    await this.claims.purgeBefore(new Date(now.getTime() - Math.max(3_600_000, 10 * this.settings.claimLeaseMs)));
    if (events + deliveries > 0)
      this.logger.log(
        `Webhook retention: removed ${events} event(s) and ${deliveries} finished deliveries from before ${cutoff.toISOString()}`,
      );
  }
}
