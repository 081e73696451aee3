import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SingleLineText } from './safe-text';

/** Roles a caller can hold. People: admin, coordinator, liaison-officer. Systems (API keys): integration, integration-reader. */
export const ROLES = ['admin', 'coordinator', 'liaison-officer', 'integration', 'integration-reader'] as const;
export type Role = (typeof ROLES)[number];
export const USER_ROLES = ['admin', 'coordinator', 'liaison-officer'] as const satisfies readonly Role[];
export type UserRole = (typeof USER_ROLES)[number];

/** Password policy (NIST SP 800-63B): length, not composition rules. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export class TokenRequestDto {
  @ApiProperty({ example: 'admin@yhteispeli.local' })
  @SingleLineText({ minLength: 1, maxLength: 254 })
  username!: string;

  @ApiProperty({ example: 'dev-admin-password', format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class RefreshRequestDto {
  @ApiProperty({
    description: 'The refresh token from the last login or refresh; each one works once',
    example: 'ses_6f1c0a9e2b7d4c3a8e1f0a9b8c7d6e5f.nF3k…',
  })
  @IsString()
  @MaxLength(200)
  @Matches(/^ses_[a-f0-9]{32}\.[A-Za-z0-9_-]{43}$/, { message: 'refreshToken is not a refresh token this API issued' })
  refreshToken!: string;
}

export class TokenResponseDto {
  @ApiProperty({ description: 'Bearer token for the Authorization header (JWT, HS256)' }) accessToken!: string;
  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ description: 'Exchange at POST /api/v1/auth/refresh for a new pair; single use (a reused one revokes the session)' })
  refreshToken!: string;
  @ApiProperty({ example: 2592000, description: 'Seconds until the session ends, however often it is refreshed' })
  refreshExpiresIn!: number;
}

export class ChangePasswordRequestDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({
    format: 'password',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'At least 12 characters; ends every session of the account',
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

export class CallerResponseDto {
  @ApiProperty({ example: 'user:usr_0a1b2c3d4e5f60718293a4b5c6d7e8f9', description: '`user:<id>` or `key:<id>`' }) actor!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ example: ['19'], type: [String], description: 'Region codes the caller acts in; empty for admins (all)' })
  regions!: string[];
  @ApiPropertyOptional({ example: 'ses_6f1c0a9e2b7d4c3a8e1f0a9b8c7d6e5f' }) sessionId?: string;
}
