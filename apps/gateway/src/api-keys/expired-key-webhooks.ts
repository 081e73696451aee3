import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { LeasedTask, type LeaseTerm } from '@yp/shared-persistence';
import { GatewayConfig } from '@gateway/config/gateway-config';
import { NotificationsUpstream } from '@gateway/upstream/notifications.upstream';
import { ApiKeyRepository } from './api-key.repository';

/** The gateway acting on its own: pausing what an expired key left behind. */
const GATEWAY = { actor: 'system:gateway', roles: ['admin'], regions: [] } as const;

/**
 * An expired API key can no longer call, but its webhook subscriptions would keep delivering: every
 * API_KEY_EXPIRY_SWEEP_MS, on the instance holding the `expired-key-sweep` lease, this pauses the subscriptions of expired keys, as revoking a key does
 * (the notifications call is idempotent, so several gateway instances or a restart only repeat it).
 */
@Injectable()
export class ExpiredKeyWebhooks extends LeasedTask<number> {
  /** Keys whose subscriptions were paused by this instance (another instance's term repeats them: harmless). */
  private readonly done = new Set<string>();

  constructor(
    @InjectConnection() connection: Connection,
    private readonly keys: ApiKeyRepository,
    private readonly notifications: NotificationsUpstream,
    config: GatewayConfig,
  ) {
    super(connection.db, { name: 'expired-key-sweep', everyMs: config.API_KEY_EXPIRY_SWEEP_MS });
  }

  /** Pauses the subscriptions of keys that have expired; returns how many keys were handled now. */
  protected async run(term: LeaseTerm): Promise<number> {
    const { now } = term;
    let handled = 0;
    for (let after: string | undefined, page; (page = await this.keys.list(after, 200)).length > 0; after = page.at(-1)?.id) {
      for (const key of page) {
        if (!(await term.holds())) return handled;
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
