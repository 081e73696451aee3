import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CreateWebhookSubscriptionRequestDto, type CreatedWebhookSubscriptionResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { presentSubscription } from '@notifications/webhooks/subscriptions/subscription.presenter';
import { CreateSubscriptionHandler } from './create-subscription.handler';

@Controller('webhooks/subscriptions')
export class CreateSubscriptionController {
  constructor(private readonly handler: CreateSubscriptionHandler) {}

  @Post()
  @HttpCode(201)
  async create(
    @Body() body: CreateWebhookSubscriptionRequestDto,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedWebhookSubscriptionResponseDto> {
    const { subscription, secret } = await this.handler.execute(body, req.identity!);
    res.setHeader('ETag', `"${subscription.version}"`);
    res.setHeader('Location', `/api/v1/webhooks/subscriptions/${subscription.id}`);
    res.setHeader('Cache-Control', 'no-store');
    return { ...presentSubscription(subscription), secret };
  }
}
