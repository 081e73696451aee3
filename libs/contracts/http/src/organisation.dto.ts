import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ORGANISATION_KINDS } from '@yp/contracts-events';
import { LIFE_STAGE_CODES, THEME_CODES } from '@yp/contracts-reference';
import { LocalisedDescriptionDto, LocalisedNameDto } from './localised-text.dto';
import { NullableFields } from './nullable';
import { EmailAddress, IsSafeText, SingleLineText, WEB_ADDRESS } from './safe-text';
import { IsFinnishBusinessId, IsMunicipalityCode } from './validators';

export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export const ORGANISATION_STATUSES = ['active', 'inactive', 'archived'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];

export class PostalAddressDto {
  @ApiProperty({ example: 'Varsitie 7', description: 'Street address, or a place such as a village hall' })
  @SingleLineText({ minLength: 1, maxLength: 200 })
  street!: string;

  @ApiPropertyOptional({ example: '93100', description: 'Finnish postal code, five digits' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{5}$/, { message: 'postalCode must be a Finnish postal code of five digits' })
  postalCode?: string;

  @ApiProperty({ example: 'Pudasjärvi' })
  @SingleLineText({ minLength: 1, maxLength: 100 })
  postOffice!: string;
}

export class RegisterOrganisationRequestDto {
  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'association' })
  @IsIn(ORGANISATION_KINDS)
  kind!: OrganisationKind;

  @ApiProperty({ type: LocalisedNameDto })
  @IsDefined({ message: 'name is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => LocalisedNameDto)
  name!: LocalisedNameDto;

  @ApiPropertyOptional({ example: '1572860-0', description: 'Finnish business ID (Y-tunnus) with its check digit' })
  @IsOptional()
  @IsFinnishBusinessId()
  businessId?: string;

  @ApiPropertyOptional({ example: '123.456', description: 'Association register number (yhdistysrekisterinumero)' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{1,3}\.[0-9]{3}$/, { message: 'associationRegisterNumber must look like 123.456' })
  associationRegisterNumber?: string;

  @ApiPropertyOptional({ type: LocalisedDescriptionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalisedDescriptionDto)
  description?: LocalisedDescriptionDto;

  @ApiPropertyOptional({ type: PostalAddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PostalAddressDto)
  postalAddress?: PostalAddressDto;

  @ApiPropertyOptional({
    example: ['inclusion', 'village-development'],
    type: [String],
    description: 'Theme codes from GET /api/v1/vocabularies',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsIn(THEME_CODES, { each: true, message: 'each value in themes must be a theme code from GET /api/v1/vocabularies' })
  themes?: string[];

  @ApiPropertyOptional({ example: ['older-people'], type: [String], description: 'Life-stage codes from GET /api/v1/vocabularies' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsIn(LIFE_STAGE_CODES, { each: true, message: 'each value in lifeStages must be a life-stage code from GET /api/v1/vocabularies' })
  lifeStages?: string[];

  @ApiProperty({ example: ['615'], description: 'Official codes of the municipalities served; the region is derived', type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ArrayUnique()
  @IsMunicipalityCode({ each: true })
  municipalities!: string[];

  @ApiPropertyOptional({ example: 'https://kylayhdistys.example.fi' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @Matches(WEB_ADDRESS, { message: 'website must be an http(s) URL' })
  @MaxLength(500)
  @IsSafeText()
  website?: string;

  @ApiPropertyOptional({ example: 'info@kylayhdistys.example.fi', description: 'The organisation’s general address, not a person’s' })
  @IsOptional()
  @EmailAddress()
  email?: string;

  @ApiPropertyOptional({ example: '+358 40 123 4567' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()-]{5,30}$/, { message: 'phone must be a phone number such as +358 40 123 4567' })
  phone?: string;
}

/** A partial update: `null` removes an optional value; the fields every organisation has cannot be null. */
@NullableFields<UpdateOrganisationRequestDto>(
  'businessId',
  'associationRegisterNumber',
  'description',
  'postalAddress',
  'website',
  'email',
  'phone',
)
export class UpdateOrganisationRequestDto extends PartialType(RegisterOrganisationRequestDto) {
  @ApiPropertyOptional({ enum: ORGANISATION_STATUSES })
  @IsOptional()
  @IsIn(ORGANISATION_STATUSES)
  status?: OrganisationStatus;
}

export class AddMunicipalityRequestDto {
  @ApiProperty({ example: '305', description: 'Official municipality code to add to the area served' })
  @IsString()
  @IsMunicipalityCode()
  code!: string;
}

export class OrganisationResponseDto {
  @ApiProperty({ example: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f' }) id!: string;
  @ApiProperty({ example: 1, description: 'Increases by one on every change; the ETag is derived from it' }) version!: number;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind!: OrganisationKind;
  @ApiProperty({ type: LocalisedNameDto }) name!: LocalisedNameDto;
  @ApiPropertyOptional({ example: '1572860-0' }) businessId?: string;
  @ApiPropertyOptional({ example: '123.456' }) associationRegisterNumber?: string;
  @ApiPropertyOptional({ type: LocalisedDescriptionDto }) description?: LocalisedDescriptionDto;
  @ApiPropertyOptional({ type: PostalAddressDto }) postalAddress?: PostalAddressDto;
  @ApiProperty({ example: ['615'], type: [String] }) municipalities!: string[];
  @ApiProperty({ example: ['inclusion'], type: [String] }) themes!: string[];
  @ApiProperty({ example: ['older-people'], type: [String] }) lifeStages!: string[];
  @ApiProperty({ example: ['meeting-place'], type: [String], description: 'Types of its published activities' }) activityTypes!: string[];
  @ApiProperty({ example: ['at-place'], type: [String], description: 'Delivery modes of its published activities' })
  deliveryModes!: string[];
  @ApiProperty({ example: ['17'], type: [String], description: 'Derived from the municipalities' }) regions!: string[];
  @ApiPropertyOptional() website?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiProperty({ enum: ORGANISATION_STATUSES }) status!: OrganisationStatus;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T10:00:00.000Z' }) updatedAt!: string;
}

export class OrganisationListResponseDto {
  @ApiProperty({ type: [OrganisationResponseDto] }) items!: OrganisationResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}

export class OrganisationChangeDto {
  @ApiProperty({ example: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f' }) id!: string;
  @ApiProperty({ type: 'integer', example: 3 }) version!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ description: 'true: a tombstone; delete your copy' }) deleted!: boolean;
}

export class OrganisationChangeListResponseDto {
  @ApiProperty({ type: [OrganisationChangeDto] }) items!: OrganisationChangeDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}
