import { Body, Controller, Delete, Get, Header, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CreatedWebhookSubscriptionResponseDto,
  CreateWebhookSubscriptionRequestDto,
  ListWebhookDeliveriesQueryDto,
  ListWebhookSubscriptionsQueryDto,
  ReplayWebhookDeliveriesRequestDto,
  ReplayWebhookDeliveriesResponseDto,
  UpdateWebhookSubscriptionRequestDto,
  WEBHOOK_SUBSCRIPTION_ID,
  WebhookDeliveryListResponseDto,
  WebhookSecretResponseDto,
  WebhookSubscriptionListResponseDto,
  WebhookSubscriptionResponseDto,
  type Role,
} from '@yp/contracts-http';
import { AppError } from '@yp/shared-bootstrap';
import { Allow } from '@gateway/access/access-policy.decorator';
import { idParam } from '@gateway/ids/id-param';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { IfMatch } from '@gateway/upstream/if-match.decorator';
import { NotificationsUpstream } from '@gateway/upstream/notifications.upstream';

/** Integrations (API keys, read or read-write) and admins; people of other roles are told by email instead. */
const WEBHOOK_USERS: readonly Role[] = ['admin', 'integration', 'integration-reader'];
const NO_STORE = {
  'Cache-Control': { description: '`no-store`: the answer holds a secret', schema: { type: 'string', enum: ['no-store'] } },
};
const SubscriptionId = idParam({
  description: 'The subscription id (`whk_` and 32 hexadecimal digits)',
  pattern: WEBHOOK_SUBSCRIPTION_ID,
  example: 'whk_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  notFound: (id) => new AppError('WEBHOOK.NOT_FOUND', 404, 'Webhook subscription not found', `No webhook subscription with id ${id}.`),
});

const DELIVERY_FORMAT =
  'Each delivery is a POST of one event envelope (JSON, as in GET /docs/asyncapi.json) signed the Standard Webhooks way: ' +
  'headers `webhook-id` (the event id: the same on every retry and replay, deduplicate on it), `webhook-timestamp` (Unix seconds) and ' +
  '`webhook-signature` (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` with the secret’s base64-decoded bytes; two signatures during a secret rotation). ' +
  'Answer 2xx within 10 s; anything else is retried with exponential backoff for 24 h, and an endpoint failing for 72 h is disabled and its contactEmail told.';

/**
 * Webhooks for integrators: the gateway checks the role and relays with the caller's identity;
 * the notifications service owns subscriptions, enforces ownership and regions, and delivers.
 */
// Under the declared `notifications` tag (main.ts declares the tags); a `webhooks` tag of its own needs one line there.
@ApiTags('webhooks')
@ApiBearerAuth('user')
@ApiBearerAuth('apiKey')
@Controller('api/v1/webhooks/subscriptions')
export class WebhooksController {
  constructor(private readonly notifications: NotificationsUpstream) {}

  @Post()
  @Allow(...WEBHOOK_USERS)
  @ApiOperation({
    summary: 'Subscribe an HTTPS endpoint to event types of your regions',
    description: `The signing secret is in this answer only. The URL must be https and resolve to public addresses only. An API key subscribes within its own regions and owns the subscription. ${DELIVERY_FORMAT}`,
  })
  @ApiCreatedResponse({ type: CreatedWebhookSubscriptionResponseDto, headers: { ...ETAG, ...LOCATION, ...NO_STORE } })
  @ApiProblems(400, 401, 403, 413, 415, 422, 503)
  @Header('Cache-Control', 'no-store')
  create(@Body() body: CreateWebhookSubscriptionRequestDto, @Res() res: Response): Promise<void> {
    return this.notifications.relay(res, 'POST', '/webhooks/subscriptions', { body });
  }

  @Get()
  @Allow(...WEBHOOK_USERS)
  @ApiOperation({ summary: 'List your webhook subscriptions (an admin sees all)' })
  @ApiOkResponse({ type: WebhookSubscriptionListResponseDto })
  @ApiProblems(400, 401, 403, 422, 503)
  list(@Query() query: ListWebhookSubscriptionsQueryDto, @Res() res: Response): Promise<void> {
    return this.notifications.relay(res, 'GET', '/webhooks/subscriptions', { query });
  }

  @Get(':id')
  @Allow(...WEBHOOK_USERS)
  @ApiOperation({
    summary: 'Get one webhook subscription; the ETag header carries its version',
    description: 'Another key’s subscription is a 404.',
  })
  @ApiOkResponse({ type: WebhookSubscriptionResponseDto, headers: ETAG })
  @ApiProblems(401, 403, 404, 503)
  get(@SubscriptionId() id: string, @Res() res: Response): Promise<void> {
    return this.notifications.relay(res, 'GET', `/webhooks/subscriptions/${id}`);
  }

  @Patch(':id')
  @Allow(...WEBHOOK_USERS)
  @ApiOperation({
    summary: 'Change a webhook subscription (partial update); pause, resume or re-enable it with `active`',
    description:
      'Send If-Match with the ETag you read to make the write conditional (412 if it changed meanwhile, e.g. because it was disabled).',
  })
  @ApiOkResponse({ type: WebhookSubscriptionResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 413, 415, 422, 503)
  update(
    @SubscriptionId() id: string,
    @Body() body: UpdateWebhookSubscriptionRequestDto,
    @IfMatch() ifMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    return this.notifications.relay(res, 'PATCH', `/webhooks/subscriptions/${id}`, { body, ifMatch });
  }

  @Delete(':id')
  @Allow(...WEBHOOK_USERS)
  @HttpCode(204)
  @ApiOperation({
    summary: 'End a webhook subscription',
    description: 'Nothing more is sent, queued deliveries included, and its signing secrets are destroyed.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 401, 403, 404, 412, 503)
  remove(@SubscriptionId() id: string, @IfMatch() ifMatch: string | undefined, @Res() res: Response): Promise<void> {
    return this.notifications.relay(res, 'DELETE', `/webhooks/subscriptions/${id}`, { ifMatch });
  }

  @Post(':id/rotate-secret')
  @Allow(...WEBHOOK_USERS)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replace the signing secret',
    description:
      'The new secret is in this answer only. The old one keeps signing beside it (two signatures) until previousSecretExpiresAt, 24 h by default.',
  })
  @ApiOkResponse({ type: WebhookSecretResponseDto, headers: NO_STORE })
  @ApiProblems(401, 403, 404, 503)
  @Header('Cache-Control', 'no-store')
  rotateSecret(@SubscriptionId() id: string, @Res() res: Response): Promise<void> {
    return this.notifications.relay(res, 'POST', `/webhooks/subscriptions/${id}/rotate-secret`);
  }

  @Get(':id/deliveries')
  @Allow(...WEBHOOK_USERS)
  @ApiOperation({
    summary: 'The subscription’s delivery log, newest first: status, attempts, the endpoint’s last answer, the next attempt',
  })
  @ApiOkResponse({ type: WebhookDeliveryListResponseDto })
  @ApiProblems(400, 401, 403, 404, 422, 503)
  deliveries(@SubscriptionId() id: string, @Query() query: ListWebhookDeliveriesQueryDto, @Res() res: Response): Promise<void> {
    return this.notifications.relay(res, 'GET', `/webhooks/subscriptions/${id}/deliveries`, { query });
  }

  @Post(':id/replay')
  @Allow(...WEBHOOK_USERS)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Resend the subscription’s events from a moment on',
    description:
      'Queues one delivery per matching event since `from` (event time), delivered or not, up to 1000 per call (`nextFrom` continues). Each keeps its event’s webhook-id, so a receiver that deduplicates ignores what it already has. The subscription must be active (409 otherwise).',
  })
  @ApiAcceptedResponse({ type: ReplayWebhookDeliveriesResponseDto })
  @ApiProblems(400, 401, 403, 404, 409, 413, 415, 422, 503)
  replay(@SubscriptionId() id: string, @Body() body: ReplayWebhookDeliveriesRequestDto, @Res() res: Response): Promise<void> {
    return this.notifications.relay(res, 'POST', `/webhooks/subscriptions/${id}/replay`, { body });
  }
}
