import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { AppError, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { WebhookSubscriptionRepository } from '@notifications/webhooks/subscriptions/subscription.repository';

const OWNER = /^key:key_[a-z0-9]{10}$/;

/**
 * The gateway revoked an API key: its subscriptions stop (paused, with the reason), so a revoked
 * integration receives nothing more. Internal: called by the gateway's revoke route as the admin
 * who revoked. Repeatable; an admin may re-enable a subscription with PATCH `active: true`.
 */
@Controller('webhooks/owners')
export class PauseOwnerSubscriptionsController {
  constructor(private readonly subscriptions: WebhookSubscriptionRepository) {}

  @Post(':owner/revoked')
  @HttpCode(204)
  async revoked(@Param('owner') owner: string, @Req() req: RequestWithIdentity): Promise<void> {
    if (!req.identity?.roles.includes('admin'))
      throw new AppError('AUTH.FORBIDDEN', 403, 'Forbidden', 'Only an admin revoking a key may pause its subscriptions.');
    if (!OWNER.test(owner)) throw new AppError('WEBHOOK.OWNER_INVALID', 404, 'Not found', `No API key ${owner}.`);
    for (
      let after: string | undefined, page;
      (page = await this.subscriptions.list(owner, after, 200)).length > 0;
      after = page.at(-1)?.id
    ) {
      for (const subscription of page) {
        await this.subscriptions.update(subscription.id, (current) => {
          if (!current.state.active) return null;
          // Paused like an owner's pause (not `disabledAt`: that is the failing-endpoint notice's).
          return { state: { ...current.state, active: false, updatedAt: new Date().toISOString() }, records: [] };
        });
      }
      if (page.length < 200) break;
    }
  }
}
