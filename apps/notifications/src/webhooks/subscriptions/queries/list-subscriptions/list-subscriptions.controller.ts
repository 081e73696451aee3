import { Controller, Get, Query, Req } from '@nestjs/common';
import { ListWebhookSubscriptionsQueryDto, WEBHOOK_SUBSCRIPTION_ID, type WebhookSubscriptionListResponseDto } from '@yp/contracts-http';
import { AppError, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { assertMayUseWebhooks, ownerFilter } from '@notifications/webhooks/subscriptions/subscription-access';
import { presentSubscription } from '@notifications/webhooks/subscriptions/subscription.presenter';
import { WebhookSubscriptionRepository } from '@notifications/webhooks/subscriptions/subscription.repository';

const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!WEBHOOK_SUBSCRIPTION_ID.test(id))
    throw new AppError('REQUEST.BAD_CURSOR', 400, 'Bad request', 'cursor is not a cursor this API returned.');
  return id;
}

/** The caller's own subscriptions (an admin's list holds everyone's), in id order with a cursor. */
@Controller('webhooks/subscriptions')
export class ListSubscriptionsController {
  constructor(private readonly subscriptions: WebhookSubscriptionRepository) {}

  @Get()
  async list(
    @Query() query: ListWebhookSubscriptionsQueryDto,
    @Req() req: RequestWithIdentity,
  ): Promise<WebhookSubscriptionListResponseDto> {
    assertMayUseWebhooks(req.identity!);
    const limit = query.limit ?? 50;
    const rows = await this.subscriptions.list(ownerFilter(req.identity!), decodeCursor(query.cursor), limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(presentSubscription), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }
}
