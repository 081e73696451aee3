import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString } from 'class-validator';
import { ACTIVITY_TYPES, DELIVERY_MODES, ORGANISATION_KINDS } from '@yp/contracts-events';
import { LIFE_STAGE_CODES, THEME_CODES } from '@yp/contracts-reference';
import { ORGANISATION_STATUSES } from './organisation.dto';
import { PageQueryDto } from './page-query.dto';
import { SingleLineText } from './safe-text';
import { IsMunicipalityCode } from './validators';

export class ListOrganisationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '615' }) @IsOptional() @IsString() @IsMunicipalityCode() municipality?: string;
  @ApiPropertyOptional({ enum: ['17', '19'] }) @IsOptional() @IsIn(['17', '19']) region?: string;
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS }) @IsOptional() @IsIn(ORGANISATION_KINDS) kind?: string;
  @ApiPropertyOptional({ enum: ORGANISATION_STATUSES }) @IsOptional() @IsIn(ORGANISATION_STATUSES) status?: string;
  @ApiPropertyOptional({ example: 'inclusion' })
  @IsOptional()
  @IsIn(THEME_CODES, { message: 'theme must be a theme code from GET /api/v1/vocabularies' })
  theme?: string;
  @ApiPropertyOptional({ example: 'older-people' })
  @IsOptional()
  @IsIn(LIFE_STAGE_CODES, { message: 'lifeStage must be a life-stage code from GET /api/v1/vocabularies' })
  lifeStage?: string;
  @ApiPropertyOptional({ enum: ACTIVITY_TYPES, description: 'Organisations with a published activity of this type' })
  @IsOptional()
  @IsIn(ACTIVITY_TYPES)
  activityType?: string;
  @ApiPropertyOptional({ enum: DELIVERY_MODES, description: 'Organisations with a published activity delivered this way' })
  @IsOptional()
  @IsIn(DELIVERY_MODES)
  deliveryMode?: string;
  @ApiPropertyOptional({
    example: 'pudasjarvi',
    description: 'Name search in any language, ignoring case and diacritics ("ahtari" finds "Ähtäri")',
  })
  @IsOptional()
  @SingleLineText({ minLength: 2, maxLength: 100 })
  q?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Only organisations changed at or after this time, oldest change first (incremental sync; deletions: GET /api/v1/organisations/changes)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  updatedSince?: string;
}

export class ListOrganisationChangesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Changes at or after this time; omit for everything' })
  @IsOptional()
  @IsISO8601({ strict: true })
  updatedSince?: string;
}
