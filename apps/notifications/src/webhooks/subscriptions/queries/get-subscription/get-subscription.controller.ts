import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { WEBHOOK_SUBSCRIPTION_ID, type WebhookSubscriptionResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { assertMayUseWebhooks, canSee } from '@notifications/webhooks/subscriptions/subscription-access';
import { subscriptionNotFound } from '@notifications/webhooks/subscriptions/subscription.errors';
import { presentSubscription } from '@notifications/webhooks/subscriptions/subscription.presenter';
import { WebhookSubscriptionRepository } from '@notifications/webhooks/subscriptions/subscription.repository';

/** One subscription, to its owner or an admin; to anyone else it does not exist. */
@Controller('webhooks/subscriptions')
export class GetSubscriptionController {
  constructor(private readonly subscriptions: WebhookSubscriptionRepository) {}

  @Get(':id')
  async get(
    @Param('id') id: string,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WebhookSubscriptionResponseDto> {
    assertMayUseWebhooks(req.identity!);
    const found = WEBHOOK_SUBSCRIPTION_ID.test(id) ? await this.subscriptions.load(id) : undefined;
    if (!found || !canSee(req.identity!, found.state)) throw subscriptionNotFound(id);
    res.setHeader('ETag', `"${found.version}"`);
    return presentSubscription(found);
  }
}
