import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { THEME_CODES } from '@yp/contracts-reference';
import { LocalisedDescriptionDto, LocalisedNameDto } from './localised-text.dto';
import { NullableFields } from './nullable';
import { PageQueryDto } from './page-query.dto';
import { IsMunicipalityCode } from './validators';

/** draft → active | cancelled; active → ended | cancelled; ended and cancelled are final. */
export const PARTNERSHIP_STATUSES = ['draft', 'active', 'ended', 'cancelled'] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ORGANISATION_ID = /^org_[a-f0-9]{32}$/;

/** A partnership agreement (kumppanuussopimus) between a municipality and partner organisations. */
export class CreatePartnershipRequestDto {
  @ApiProperty({ example: '615', description: 'Official code of the municipality party to the agreement; the region is derived' })
  @IsString()
  @IsMunicipalityCode({ message: 'municipality must be an official municipality code of regions 17 or 19 (see GET reference data)' })
  municipality!: string;

  @ApiProperty({
    type: [String],
    example: ['org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f'],
    minItems: 1,
    maxItems: 50,
    description: 'Registered, non-deleted organisations',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(ORGANISATION_ID, { each: true, message: 'each value in partnerOrganisationIds must be an organisation id such as org_3f1c…' })
  partnerOrganisationIds!: string[];

  @ApiProperty({ type: LocalisedNameDto })
  @IsDefined({ message: 'title is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => LocalisedNameDto)
  title!: LocalisedNameDto;

  @ApiPropertyOptional({ type: LocalisedDescriptionDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LocalisedDescriptionDto)
  description?: LocalisedDescriptionDto;

  @ApiProperty({ type: [String], example: ['loneliness'], description: 'Theme codes from GET /api/v1/vocabularies' })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsIn(THEME_CODES, { each: true, message: 'each value in themes must be a theme code from GET /api/v1/vocabularies' })
  themes!: string[];

  @ApiProperty({ format: 'date', example: '2027-01-01' })
  @IsString()
  @Matches(DATE, { message: 'startsOn must be a date such as 2027-01-01' })
  @IsISO8601({ strict: true }, { message: 'startsOn must be a valid calendar date' })
  startsOn!: string;

  @ApiPropertyOptional({ format: 'date', example: '2028-12-31', description: 'On or after startsOn; absent for an open-ended agreement' })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'endsOn must be a date such as 2028-12-31' })
  @IsISO8601({ strict: true }, { message: 'endsOn must be a valid calendar date' })
  endsOn?: string;
}

/** A partial update; `null` clears description or endsOn. `status` moves the agreement along its lifecycle. */
@NullableFields<UpdatePartnershipRequestDto>('description', 'endsOn')
export class UpdatePartnershipRequestDto extends PartialType(CreatePartnershipRequestDto) {
  @ApiPropertyOptional({
    enum: PARTNERSHIP_STATUSES,
    description: 'draft → active | cancelled; active → ended | cancelled; others are a 409',
  })
  @IsOptional()
  @IsIn(PARTNERSHIP_STATUSES)
  status?: PartnershipStatus;
}

export class PartnershipResponseDto {
  @ApiProperty({ example: 'prt_0a1b2c3d4e5f60718293a4b5c6d7e8f9' }) id!: string;
  @ApiProperty({ type: 'integer', example: 1 }) version!: number;
  @ApiProperty({ example: '615' }) municipality!: string;
  @ApiProperty({ enum: ['17', '19'] }) region!: string;
  @ApiProperty({ type: [String] }) partnerOrganisationIds!: string[];
  @ApiProperty({ type: LocalisedNameDto }) title!: LocalisedNameDto;
  @ApiPropertyOptional({ type: LocalisedDescriptionDto }) description?: LocalisedDescriptionDto;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ format: 'date' }) startsOn!: string;
  @ApiPropertyOptional({ format: 'date' }) endsOn?: string;
  @ApiProperty({ enum: PARTNERSHIP_STATUSES }) status!: PartnershipStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class PartnershipListResponseDto {
  @ApiProperty({ type: [PartnershipResponseDto] }) items!: PartnershipResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}

export class ListPartnershipsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '615' })
  @IsOptional()
  @IsString()
  @IsMunicipalityCode({ message: 'municipality must be an official municipality code' })
  municipality?: string;
  @ApiPropertyOptional({ enum: ['17', '19'] }) @IsOptional() @IsIn(['17', '19']) region?: string;
  @ApiPropertyOptional({ example: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f', description: 'Agreements this organisation is a partner in' })
  @IsOptional()
  @IsString()
  @Matches(ORGANISATION_ID, { message: 'organisationId must be an organisation id' })
  organisationId?: string;
  @ApiPropertyOptional({ example: 'loneliness' })
  @IsOptional()
  @IsIn(THEME_CODES, { message: 'theme must be a theme code from GET /api/v1/vocabularies' })
  theme?: string;
  @ApiPropertyOptional({ enum: PARTNERSHIP_STATUSES }) @IsOptional() @IsIn(PARTNERSHIP_STATUSES) status?: string;
}
