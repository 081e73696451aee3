import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ORGANISATION_KINDS } from '@yp/contracts-events';
import { ORGANISATION_STATUSES } from './organisation.dto';
import { IsMunicipalityCode } from './validators';

export class ListOrganisationsQueryDto {
  @ApiPropertyOptional({ example: '615' }) @IsOptional() @IsString() @IsMunicipalityCode() municipality?: string;
  @ApiPropertyOptional({ enum: ['17', '19'] }) @IsOptional() @IsIn(['17', '19']) region?: string;
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS }) @IsOptional() @IsIn(ORGANISATION_KINDS) kind?: string;
  @ApiPropertyOptional({ enum: ORGANISATION_STATUSES }) @IsOptional() @IsIn(ORGANISATION_STATUSES) status?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a cursor returned by a previous page' })
  cursor?: string;
}
