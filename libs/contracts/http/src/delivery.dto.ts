import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DELIVERY_STATUSES = ['queued', 'sent', 'failed'] as const;

export class ListDeliveriesQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** One email in the delivery log. Recipients appear by person id, never by address. */
export class DeliveryResponseDto {
  @ApiProperty({ example: '9f2c…', description: 'sha256(event id | person id | template): one email per event, recipient and template' }) id!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'organisations.organisation.registered.v1' }) eventType!: string;
  @ApiProperty({ example: 'new-partner-in-area' }) template!: string;
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
