import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { PageQueryDto } from './page-query.dto';

export class ListAuditEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'user:usr_0a1b2c3d4e5f60718293a4b5c6d7e8f9', description: 'Only writes by this actor' })
  @IsOptional()
  @IsString()
  @Matches(/^(user|key|anonymous)(:[A-Za-z0-9_-]{1,64})?$/, { message: 'actor must look like user:<id>, key:<id> or anonymous' })
  actor?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only writes at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;
}

export class AuditEventResponseDto {
  @ApiProperty({ example: 'aud_0mhx2k9qz9f8e7d6c', pattern: '^aud_[a-z0-9]{9}[a-f0-9]{8}$' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'user:usr_0a1b2c3d4e5f60718293a4b5c6d7e8f9', description: '`user:<id>`, `key:<id>` or `anonymous`' })
  actor!: string;
  @ApiProperty({ example: 'PATCH' }) method!: string;
  @ApiProperty({ example: '/api/v1/organisations/:id', description: 'Route template' }) route!: string;
  @ApiProperty({ example: '/api/v1/organisations/org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f' }) path!: string;
  @ApiProperty({ example: 200 }) status!: number;
  @ApiProperty({ type: [String], example: ['name', 'municipalities'], description: 'Names of the fields sent (never their values)' })
  fields!: string[];
  @ApiProperty({ example: '192.0.2.10', description: 'Client address' }) address!: string;
  @ApiProperty() correlationId!: string;
}

export class AuditEventListResponseDto {
  @ApiProperty({ type: [AuditEventResponseDto] }) items!: AuditEventResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
