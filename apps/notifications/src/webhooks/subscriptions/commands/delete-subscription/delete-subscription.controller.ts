import { Controller, Delete, Headers, HttpCode, Param, Req } from '@nestjs/common';
import { WEBHOOK_SUBSCRIPTION_ID } from '@yp/contracts-http';
import { parseIfMatch, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { subscriptionNotFound } from '@notifications/webhooks/subscriptions/subscription.errors';
import { DeleteSubscriptionHandler } from './delete-subscription.handler';

@Controller('webhooks/subscriptions')
export class DeleteSubscriptionController {
  constructor(private readonly handler: DeleteSubscriptionHandler) {}

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Req() req: RequestWithIdentity): Promise<void> {
    if (!WEBHOOK_SUBSCRIPTION_ID.test(id)) throw subscriptionNotFound(id);
    await this.handler.execute(id, req.identity!, parseIfMatch(ifMatch));
  }
}
