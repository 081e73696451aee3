import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PeriodicTask } from '@yp/shared-bootstrap';
import { GatewayConfig } from '@gateway/config/gateway-config';
import { NotificationsUpstream } from '@gateway/upstream/notifications.upstream';
import { ApiKeyRepository } from './api-key.repository';

/** The gateway acting on its own: pausing what an expired key left behind. */
const GATEWAY = { actor: 'system:gateway', roles: ['admin'], regions: [] } as const;

/**
 * An expired API key can no longer call, but its webhook subscriptions would keep delivering: every
 * API_KEY_EXPIRY_SWEEP_MS this pauses the subscriptions of expired keys, as revoking a key does
 * (the notifications call is idempotent, so several gateway instances or a restart only repeat it).
 */
@Injectable()
export class ExpiredKeyWebhooks implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ExpiredKeyWebhooks.name);
  private readonly everyMs: number;
  /** Keys whose subscriptions were paused by this instance. */
  private readonly done = new Set<string>();
  private readonly task: PeriodicTask;

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly notifications: NotificationsUpstream,
    config: GatewayConfig,
  ) {
    this.everyMs = config.API_KEY_EXPIRY_SWEEP_MS;
    this.task = new PeriodicTask('Expired-key sweep', this.everyMs, () => this.runOnce(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  /** Pauses the subscriptions of keys that have expired; returns how many keys were handled now. */
  async runOnce(now = new Date()): Promise<number> {
    let handled = 0;
    for (let after: string | undefined, page; (page = await this.keys.list(after, 200)).length > 0; after = page.at(-1)?.id) {
      for (const key of page) {
        const expiry = `${key.id}@${key.state.expiresAt.toISOString()}`;
        if (this.done.has(expiry) || key.state.expiresAt.getTime() > now.getTime()) continue;
        const status = await this.notifications.call('POST', `/webhooks/owners/key:${key.id}/revoked`, { identity: GATEWAY });
        if (status !== 204) {
          this.logger.warn(`Could not pause the webhooks of expired key ${key.id} (notifications answered ${status}); will retry`);
          continue;
        }
        this.done.add(expiry);
        handled++;
      }
      if (page.length < 200) break;
    }
    return handled;
  }
}
