import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { WEBHOOK_SUBSCRIPTION_ID, type WebhookSecretResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { subscriptionNotFound } from '@notifications/webhooks/subscriptions/subscription.errors';
import { RotateSecretHandler } from './rotate-secret.handler';

@Controller('webhooks/subscriptions')
export class RotateSecretController {
  constructor(private readonly handler: RotateSecretHandler) {}

  @Post(':id/rotate-secret')
  @HttpCode(200)
  async rotate(
    @Param('id') id: string,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WebhookSecretResponseDto> {
    if (!WEBHOOK_SUBSCRIPTION_ID.test(id)) throw subscriptionNotFound(id);
    const rotated = await this.handler.execute(id, req.identity!);
    res.setHeader('Cache-Control', 'no-store');
    return rotated;
  }
}
