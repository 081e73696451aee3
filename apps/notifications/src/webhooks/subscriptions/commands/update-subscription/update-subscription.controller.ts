import { Body, Controller, Headers, Param, Patch, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UpdateWebhookSubscriptionRequestDto, WEBHOOK_SUBSCRIPTION_ID, type WebhookSubscriptionResponseDto } from '@yp/contracts-http';
import { parseIfMatch, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { subscriptionNotFound } from '@notifications/webhooks/subscriptions/subscription.errors';
import { presentSubscription } from '@notifications/webhooks/subscriptions/subscription.presenter';
import { UpdateSubscriptionHandler } from './update-subscription.handler';

@Controller('webhooks/subscriptions')
export class UpdateSubscriptionController {
  constructor(private readonly handler: UpdateSubscriptionHandler) {}

  @Patch(':id')
  async update(
    @Param('id') id: string,
    @Body() body: UpdateWebhookSubscriptionRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WebhookSubscriptionResponseDto> {
    if (!WEBHOOK_SUBSCRIPTION_ID.test(id)) throw subscriptionNotFound(id);
    const updated = await this.handler.execute(id, body, req.identity!, parseIfMatch(ifMatch));
    res.setHeader('ETag', `"${updated.version}"`);
    return presentSubscription(updated);
  }
}
