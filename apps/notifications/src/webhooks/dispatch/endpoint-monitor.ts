import { Injectable } from '@nestjs/common';
import { WebhookSettings } from '@notifications/webhooks/webhook-settings';
import { EndpointDisabler } from './endpoint-disabler';
import { EndpointHealthRepository } from './endpoint-health.repository';

/** Keeps each endpoint's failing streak and disables it when the streak reaches WEBHOOKS_DISABLE_AFTER_HOURS. */
@Injectable()
export class EndpointMonitor {
  constructor(
    private readonly settings: WebhookSettings,
    private readonly health: EndpointHealthRepository,
    private readonly disabler: EndpointDisabler,
  ) {}

  async succeeded(subscriptionId: string): Promise<void> {
    await this.health.recordSuccess(subscriptionId, new Date());
  }

  /**
   * Records a failed attempt (started at `startedAt`). Returns since when the endpoint has been
   * failing if that got it disabled, else undefined.
   */
  async failed(subscriptionId: string, startedAt: Date, error: string): Promise<Date | undefined> {
    const failingSince = await this.health.recordFailure(subscriptionId, startedAt);
    const now = new Date();
    if (!failingSince || now.getTime() - failingSince.getTime() < this.settings.disableAfterMs) return undefined;
    await this.disabler.disable(subscriptionId, failingSince, error, now);
    return failingSince;
  }

  /** A fresh start (the owner enabled the endpoint again). */
  async reset(subscriptionId: string): Promise<void> {
    await this.health.reset(subscriptionId);
  }
}
