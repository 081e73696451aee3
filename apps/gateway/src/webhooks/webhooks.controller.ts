import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
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
import { Allow } from '@gateway/auth/access-policy.decorator';
import type { Caller } from '@gateway/auth/access-token';
import { CurrentIdentity } from '@gateway/auth/current-identity.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { UpstreamClient } from '@gateway/upstream/upstream.client';

/** Integrations (API keys, read or read-write) and admins; people of other roles are told by email instead. */
const WEBHOOK_USERS: readonly Role[] = ['admin', 'integration', 'integration-reader'];
const IF_MATCH = { name: 'If-Match', required: false, example: '"3"' };
const NO_STORE = {
  'Cache-Control': { description: '`no-store`: the answer holds a secret', schema: { type: 'string', enum: ['no-store'] } },
};
/** Ids travel into a URL path: only well-formed ones pass, anything else is a plain 404 upstream. */
const pathId = (id: string) => (WEBHOOK_SUBSCRIPTION_ID.test(id) ? id : 'invalid-id');

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
  private readonly baseUrl: string;

  constructor(
    private readonly upstream: UpstreamClient,
    config: ConfigService,
  ) {
    this.baseUrl = config.getOrThrow<string>('NOTIFICATIONS_URL');
  }

  @Post()
  @Allow(...WEBHOOK_USERS)
  @ApiOperation({
    summary: 'Subscribe an HTTPS endpoint to event types of your regions',
    description: `The signing secret is in this answer only. The URL must be https and resolve to public addresses only. An API key subscribes within its own regions and owns the subscription. ${DELIVERY_FORMAT}`,
  })
  @ApiCreatedResponse({ type: CreatedWebhookSubscriptionResponseDto, headers: { ...ETAG, ...LOCATION, ...NO_STORE } })
  @ApiProblems(400, 401, 403, 413, 415, 422, 503)
  async create(
    @Body() body: CreateWebhookSubscriptionRequestDto,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    res.setHeader('cache-control', 'no-store');
    await this.upstream.relay(this.baseUrl, { method: 'POST', path: '/webhooks/subscriptions', body, identity }, res);
  }

  @Get()
  @Allow(...WEBHOOK_USERS)
  @ApiOperation({ summary: 'List your webhook subscriptions (an admin sees all)' })
  @ApiOkResponse({ type: WebhookSubscriptionListResponseDto })
  @ApiProblems(400, 401, 403, 422, 503)
  async list(@Query() query: ListWebhookSubscriptionsQueryDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: '/webhooks/subscriptions', query: { ...query }, identity }, res);
  }

  @Get(':id')
  @Allow(...WEBHOOK_USERS)
  @ApiOperation({
    summary: 'Get one webhook subscription; the ETag header carries its version',
    description: 'Another key’s subscription is a 404.',
  })
  @ApiOkResponse({ type: WebhookSubscriptionResponseDto, headers: ETAG })
  @ApiProblems(401, 403, 404, 503)
  async get(@Param('id') id: string, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: `/webhooks/subscriptions/${pathId(id)}`, identity }, res);
  }

  @Patch(':id')
  @Allow(...WEBHOOK_USERS)
  @ApiOperation({
    summary: 'Change a webhook subscription (partial update); pause, resume or re-enable it with `active`',
    description:
      'Send If-Match with the ETag you read to make the write conditional (412 if it changed meanwhile, e.g. because it was disabled).',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: WebhookSubscriptionResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412, 413, 415, 422, 503)
  async update(
    @Param('id') id: string,
    @Body() body: UpdateWebhookSubscriptionRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.upstream.relay(
      this.baseUrl,
      { method: 'PATCH', path: `/webhooks/subscriptions/${pathId(id)}`, body, ifMatch, identity },
      res,
    );
  }

  @Delete(':id')
  @Allow(...WEBHOOK_USERS)
  @HttpCode(204)
  @ApiOperation({
    summary: 'End a webhook subscription',
    description: 'Nothing more is sent, queued deliveries included, and its signing secrets are destroyed.',
  })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 401, 403, 404, 412, 503)
  async remove(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'DELETE', path: `/webhooks/subscriptions/${pathId(id)}`, ifMatch, identity }, res);
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
  async rotateSecret(@Param('id') id: string, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    res.setHeader('cache-control', 'no-store');
    await this.upstream.relay(this.baseUrl, { method: 'POST', path: `/webhooks/subscriptions/${pathId(id)}/rotate-secret`, identity }, res);
  }

  @Get(':id/deliveries')
  @Allow(...WEBHOOK_USERS)
  @ApiOperation({
    summary: 'The subscription’s delivery log, newest first: status, attempts, the endpoint’s last answer, the next attempt',
  })
  @ApiOkResponse({ type: WebhookDeliveryListResponseDto })
  @ApiProblems(400, 401, 403, 404, 422, 503)
  async deliveries(
    @Param('id') id: string,
    @Query() query: ListWebhookDeliveriesQueryDto,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.upstream.relay(
      this.baseUrl,
      { method: 'GET', path: `/webhooks/subscriptions/${pathId(id)}/deliveries`, query: { ...query }, identity },
      res,
    );
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
  async replay(
    @Param('id') id: string,
    @Body() body: ReplayWebhookDeliveriesRequestDto,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'POST', path: `/webhooks/subscriptions/${pathId(id)}/replay`, body, identity }, res);
  }
}
