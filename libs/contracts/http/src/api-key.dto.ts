import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { SingleLineText } from './safe-text';
import { REGION_CODES } from './user.dto';

export const API_KEY_ACCESS = ['read', 'read-write'] as const;
export type ApiKeyAccess = (typeof API_KEY_ACCESS)[number];

export class CreateApiKeyRequestDto {
  @ApiProperty({ example: 'Lapin hyvinvointialue – palvelukatalogin synkronointi' })
  @SingleLineText({ minLength: 1, maxLength: 200 })
  name!: string;

  @ApiProperty({ enum: REGION_CODES, isArray: true, example: ['19'], description: 'Regions the key acts in' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(REGION_CODES, { each: true })
  regions!: string[];

  @ApiProperty({
    enum: API_KEY_ACCESS,
    example: 'read',
    description: '`read` may only read; `read-write` may also change register data of its regions',
  })
  @IsIn(API_KEY_ACCESS)
  access!: ApiKeyAccess;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2027-11-30T00:00:00Z',
    description: 'Defaults to one year from now; at most two years ahead',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class RotateApiKeyRequestDto {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2027-11-30T00:00:00Z',
    description: 'The new expiry; defaults to one year from now; at most two years ahead',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 168,
    default: 24,
    description: 'Hours the previous secret keeps working, so the system can switch without downtime (0: stops at once)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(168)
  previousValidForHours?: number;
}

export class ApiKeyResponseDto {
  @ApiProperty({
    example: 'key_5k2m9x7q1a',
    pattern: '^key_[a-z0-9]{10}$',
    description: 'Also the key’s visible prefix (`ypk_<10 characters>_…`)',
  })
  id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: REGION_CODES, isArray: true }) regions!: string[];
  @ApiProperty({ enum: API_KEY_ACCESS }) access!: ApiKeyAccess;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ example: 'user:usr_0a1b2c3d4e5f60718293a4b5c6d7e8f9' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
}

export class CreatedApiKeyResponseDto extends ApiKeyResponseDto {
  @ApiProperty({
    example: 'ypk_5k2m9x7q1a_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG',
    pattern: '^ypk_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$',
    description: 'The secret key. Shown this once; only its hash is stored. Send as `Authorization: Bearer <key>`.',
  })
  key!: string;
}

export class ApiKeyListResponseDto {
  @ApiProperty({ type: [ApiKeyResponseDto] }) items!: ApiKeyResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
