import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import {
  ListWebhookDeliveriesQueryDto,
  WEBHOOK_SUBSCRIPTION_ID,
  type WebhookDeliveryListResponseDto,
  type WebhookDeliveryResponseDto,
} from '@yp/contracts-http';
import { AppError, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { WebhookDeliveryRepository, type WebhookDelivery } from '@notifications/webhooks/dispatch/webhook-delivery.repository';
import { assertMayUseWebhooks, canSee } from '@notifications/webhooks/subscriptions/subscription-access';
import { subscriptionNotFound } from '@notifications/webhooks/subscriptions/subscription.errors';
import { WebhookSubscriptionRepository } from '@notifications/webhooks/subscriptions/subscription.repository';

/** Cursor = the (createdAt, id) of the last row of the page, so the order is stable however rows are added. */
const encodeCursor = (d: WebhookDelivery) => Buffer.from(`${d.createdAt.getTime()}.${d._id}`, 'utf8').toString('base64url');
function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const match = /^(\d{1,15})\.([a-f0-9]{64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new AppError('REQUEST.BAD_CURSOR', 400, 'Bad request', 'cursor is not a cursor this API returned.');
  return { createdAt: new Date(Number(match[1])), id: match[2] ?? '' };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function present(d: WebhookDelivery): WebhookDeliveryResponseDto {
  return {
    id: d._id,
    eventId: d.eventId,
    eventType: d.eventType,
    eventTime: d.eventTime.toISOString(),
    status: d.status,
    attempts: d.attempts,
    createdAt: d.createdAt.toISOString(),
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    lastAttemptAt: iso(d.lastAttemptAt),
    deliveredAt: iso(d.deliveredAt),
    lastResponseStatus: d.lastResponseStatus ?? null,
    lastResponseBody: d.lastResponseBody ?? null,
    lastDurationMs: d.lastDurationMs ?? null,
    lastError: d.lastError ?? null,
    replayId: d.replayId ?? null,
  };
}

/** A subscription's delivery log, newest first: what was sent, how often, and what the endpoint answered. */
@Controller('webhooks/subscriptions')
export class ListDeliveriesController {
  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly deliveries: WebhookDeliveryRepository,
  ) {}

  @Get(':id/deliveries')
  async list(
    @Param('id') id: string,
    @Query() query: ListWebhookDeliveriesQueryDto,
    @Req() req: RequestWithIdentity,
  ): Promise<WebhookDeliveryListResponseDto> {
    assertMayUseWebhooks(req.identity!);
    const found = WEBHOOK_SUBSCRIPTION_ID.test(id) ? await this.subscriptions.load(id) : undefined;
    if (!found || !canSee(req.identity!, found.state)) throw subscriptionNotFound(id);
    const limit = query.limit ?? 50;
    const rows = await this.deliveries.page(id, query.status, decodeCursor(query.cursor), limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(present), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }
}
