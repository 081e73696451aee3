import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** An event id (CloudEvents `id`, a UUID), in either case. */
const EVENT_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * queued (to be sent at nextAttemptAt), sent, failed (final, with the reason), held (not attempted:
 * the address is on hold), skipped (the recipient turned the category off), digest-pending (waits
 * for the recipient's digest), digested (went out in a digest).
 */
export const DELIVERY_STATUSES = ['queued', 'sent', 'failed', 'held', 'skipped', 'digest-pending', 'digested'] as const;

export class ListDeliveriesQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class ListDeliveryLogQueryDto extends ListDeliveriesQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: (typeof DELIVERY_STATUSES)[number];

  @ApiPropertyOptional({ example: 'per_0a1b2c3d4e5f60718293a4b5c6d7e8f9' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_:-]{1,80}$/)
  personId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    example: '5b0e4c1e-2a39-4b58-9d5c-8d3f0a6c9f11',
    description: 'The id of the event that caused the emails',
  })
  @IsOptional()
  @IsString()
  @Matches(EVENT_ID, { message: 'eventId must be an event id (a UUID)' })
  // UUIDs are case-insensitive on input (RFC 9562); event ids are stored in lower case.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value), { toClassOnly: true })
  eventId?: string;
}

/** One email in the delivery log. Recipients appear by person id, never by address. */
export class DeliveryResponseDto {
  @ApiProperty({ example: '9f2c…', description: 'sha256(event id | person id | template): one email per event, recipient and template' })
  id!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'organisations.organisation.registered.v1' }) eventType!: string;
  @ApiProperty({ example: 'organisation-registered', description: 'The email template, or `digest`' }) template!: string;
  @ApiPropertyOptional({ example: 'register', description: 'The preference category (`service` for a welcome)' }) category?: string;
  @ApiPropertyOptional({ type: [String], description: 'A digest: the deliveries it collects' }) itemIds?: string[];
  @ApiPropertyOptional({ description: 'An item that went out in a digest: that digest' }) digestId?: string;
  @ApiProperty({ example: 'per_0a1b2c3d4e5f60718293a4b5c6d7e8f9' }) personId!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: (typeof DELIVERY_STATUSES)[number];
  @ApiProperty({ type: 'integer', example: 1 }) attempts!: number;
  @ApiPropertyOptional({ enum: ['fi', 'sv', 'en'] }) language?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the next attempt is due (queued only)' }) nextAttemptAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The last failure, if any' }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '250 Message queued as 1A2B3C' }) smtpResponse!: string | null;
}

export class DeliveryListResponseDto {
  @ApiProperty({ type: [DeliveryResponseDto] }) items!: DeliveryResponseDto[];
}

/** An address the mail server refused permanently; later emails to it wait until it is released. */
export class AddressHoldResponseDto {
  @ApiProperty({ example: '3f1c0d2e4b5a69788796a5b4c3d2e1f0' }) id!: string;
  @ApiProperty({ example: 'per_0a1b2c3d4e5f60718293a4b5c6d7e8f9' }) personId!: string;
  @ApiProperty({ example: 'l***@pudasjarvi.example.fi' }) maskedAddress!: string;
  @ApiProperty({ example: '550 5.1.1 <l…>: Recipient address rejected: User unknown' }) reason!: string;
  @ApiProperty({ description: 'The delivery that was refused' }) deliveryId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class AddressHoldListResponseDto {
  @ApiProperty({ type: [AddressHoldResponseDto] }) items!: AddressHoldResponseDto[];
}
