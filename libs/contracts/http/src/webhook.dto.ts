import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
} from 'class-validator';
import { EVENT_CONTRACTS } from '@yp/contracts-events';
import { NullableFields } from './nullable';
import { PageQueryDto } from './page-query.dto';
import { EmailAddress, IsSafeText, SingleLineText, WEB_ADDRESS } from './safe-text';
import { REGION_CODES } from './user.dto';

/** Every published event type can be subscribed to: a newly registered contract becomes subscribable with no further step. */
export const WEBHOOK_EVENT_TYPES: readonly string[] = Object.freeze(EVENT_CONTRACTS.map((c) => c.type));
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

const SUBSCRIPTION_ID_EXAMPLE = 'whk_0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const SECRET_PATTERN = '^whsec_[A-Za-z0-9+/]{43}=$';

export class CreateWebhookSubscriptionRequestDto {
  @ApiProperty({
    example: 'https://integraatio.lapha.example.fi/yhteispeli/webhooks',
    maxLength: 2048,
    description:
      'Where deliveries are POSTed. https only; the host must resolve to public addresses (loopback, link-local, private, CGNAT and IPv4-mapped addresses are refused, now and again at every delivery). Redirects are not followed.',
  })
  @IsString()
  @MaxLength(2048)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, disallow_auth: true, allow_fragments: false },
    { message: 'url must be an https URL without credentials or fragment' },
  )
  @Matches(WEB_ADDRESS, { message: 'url must be an https URL without credentials or fragment' })
  @IsSafeText()
  url!: string;

  @ApiProperty({
    isArray: true,
    enum: WEBHOOK_EVENT_TYPES,
    example: ['organisations.organisation.registered.v1', 'organisations.organisation.updated.v1'],
    description: 'Event types to deliver (see the event catalogue, GET /docs/asyncapi.json)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, {
    each: true,
    message: 'each value in eventTypes must be a published event type (see GET /docs/asyncapi.json)',
  })
  eventTypes!: string[];

  @ApiPropertyOptional({
    enum: REGION_CODES,
    isArray: true,
    example: ['19'],
    description:
      'Regions whose events to deliver; within the API key’s regions. Defaults to all of the caller’s regions. Events that name no region (an erasure: ids only) go to every subscription of their type.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(REGION_CODES, { each: true })
  regions?: string[];

  @ApiProperty({
    example: 'integraatiot@lapha.example.fi',
    maxLength: 254,
    description: 'Told by email when the endpoint is disabled for failing',
  })
  @EmailAddress()
  contactEmail!: string;

  @ApiPropertyOptional({ example: 'Palveluohjauksen CRM – tuotanto' })
  @IsOptional()
  @SingleLineText({ minLength: 1, maxLength: 200 })
  description?: string;
}

/** A partial update. `active: true` re-enables a disabled endpoint; `description: null` removes the description. */
@NullableFields<UpdateWebhookSubscriptionRequestDto>('description')
export class UpdateWebhookSubscriptionRequestDto extends PartialType(CreateWebhookSubscriptionRequestDto) {
  @ApiPropertyOptional({
    description:
      '`false` pauses deliveries (events meanwhile are not queued; replay them later); `true` resumes, also after the endpoint was disabled for failing',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class WebhookSubscriptionResponseDto {
  @ApiProperty({ example: SUBSCRIPTION_ID_EXAMPLE, pattern: '^whk_[a-f0-9]{32}$' }) id!: string;
  @ApiProperty({ type: 'integer', example: 1, description: 'Also in the ETag header' }) version!: number;
  @ApiProperty({
    example: 'key:key_5k2m9x7q1a',
    description: 'The API key (or person) the subscription belongs to; a key sees only its own',
  })
  owner!: string;
  @ApiProperty({ example: 'https://integraatio.lapha.example.fi/yhteispeli/webhooks' }) url!: string;
  @ApiProperty({ isArray: true, enum: WEBHOOK_EVENT_TYPES }) eventTypes!: string[];
  @ApiProperty({ enum: REGION_CODES, isArray: true, example: ['19'] }) regions!: string[];
  @ApiProperty({ example: 'integraatiot@lapha.example.fi' }) contactEmail!: string;
  @ApiPropertyOptional({ example: 'Palveluohjauksen CRM – tuotanto' }) description?: string;
  @ApiProperty({ description: 'Deliveries are queued and sent only while active' }) active!: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the endpoint was disabled for failing continuously; null otherwise',
  })
  disabledAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why it was disabled' }) disabledReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CreatedWebhookSubscriptionResponseDto extends WebhookSubscriptionResponseDto {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw8fKZx3b4xJg=',
    pattern: SECRET_PATTERN,
    description: 'The signing secret (Standard Webhooks). Shown this once; rotate it with POST …/rotate-secret if lost.',
  })
  secret!: string;
}

export class WebhookSubscriptionListResponseDto {
  @ApiProperty({ type: [WebhookSubscriptionResponseDto] }) items!: WebhookSubscriptionResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor!:
    string | null;
}

export class ListWebhookSubscriptionsQueryDto extends PageQueryDto {}

export class WebhookSecretResponseDto {
  @ApiProperty({ example: SUBSCRIPTION_ID_EXAMPLE }) subscriptionId!: string;
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw8fKZx3b4xJg=',
    pattern: SECRET_PATTERN,
    description: 'The new signing secret, shown this once',
  })
  secret!: string;
  @ApiProperty({
    format: 'date-time',
    description:
      'Until then deliveries carry two signatures (`v1,<new> v1,<old>`), so a receiver can switch secrets without losing a delivery',
  })
  previousSecretExpiresAt!: string;
}

export class ReplayWebhookDeliveriesRequestDto {
  @ApiProperty({
    format: 'date-time',
    example: '2026-11-23T00:00:00Z',
    description:
      'Resend the subscription’s events (by event time) from this moment on; events are kept WEBHOOKS_RETENTION_DAYS (default 30)',
  })
  @IsString()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time such as 2026-11-23T00:00:00Z' })
  from!: string;
}

export class ReplayWebhookDeliveriesResponseDto {
  @ApiProperty({ example: 'rpl_0a1b2c3d4e5f60718293a4b5c6d7e8f9', description: 'Names the resent deliveries in the log' })
  replayId!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({
    type: 'integer',
    example: 12,
    description:
      'Deliveries queued; each carries its event’s original webhook-id, so receivers that deduplicate ignore what they already have',
  })
  enqueued!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Not null when the replay was cut at its limit: replay again from here for the rest',
  })
  nextFrom!: string | null;
}

export class ListWebhookDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: WEBHOOK_DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status?: WebhookDeliveryStatus;
}

/** One delivery in a subscription's log: what was sent when, and how the endpoint answered. */
export class WebhookDeliveryResponseDto {
  @ApiProperty({ example: '9f2c0e…', description: 'sha256(event id | subscription id), or with the replay id for a replayed one' })
  id!: string;
  @ApiProperty({ format: 'uuid', description: 'Also the webhook-id header: the same on every attempt and replay' }) eventId!: string;
  @ApiProperty({ example: 'organisations.organisation.registered.v1' }) eventType!: string;
  @ApiProperty({ format: 'date-time' }) eventTime!: string;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES }) status!: WebhookDeliveryStatus;
  @ApiProperty({ type: 'integer', example: 2 }) attempts!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the next attempt is due (pending only)' })
  nextAttemptAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 200,
    description: 'HTTP status of the last answer; null if none came (timeout, refused connection)',
  })
  lastResponseStatus!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The first 512 bytes of the last answer’s body' }) lastResponseBody!:
    string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 87, description: 'Duration of the last attempt in milliseconds' })
  lastDurationMs!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'HTTP 500', description: 'Why the last attempt failed' }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The replay that queued it; null for the original delivery' })
  replayId!: string | null;
}

export class WebhookDeliveryListResponseDto {
  @ApiProperty({ type: [WebhookDeliveryResponseDto], description: 'Newest first' }) items!: WebhookDeliveryResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor!:
    string | null;
}

/** What the path parameter of a subscription looks like (anything else is a plain 404). */
export const WEBHOOK_SUBSCRIPTION_ID = /^whk_[a-f0-9]{32}$/;
