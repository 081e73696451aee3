import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ReplayWebhookDeliveriesRequestDto, WEBHOOK_SUBSCRIPTION_ID, type ReplayWebhookDeliveriesResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { subscriptionNotFound } from '@notifications/webhooks/subscriptions/subscription.errors';
import { ReplayDeliveriesHandler } from './replay-deliveries.handler';

@Controller('webhooks/subscriptions')
export class ReplayDeliveriesController {
  constructor(private readonly handler: ReplayDeliveriesHandler) {}

  /** 202: the deliveries are queued, not yet sent. */
  @Post(':id/replay')
  @HttpCode(202)
  async replay(
    @Param('id') id: string,
    @Body() body: ReplayWebhookDeliveriesRequestDto,
    @Req() req: RequestWithIdentity,
  ): Promise<ReplayWebhookDeliveriesResponseDto> {
    if (!WEBHOOK_SUBSCRIPTION_ID.test(id)) throw subscriptionNotFound(id);
    return this.handler.execute(id, body.from, req.identity!);
  }
}
