import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsISO8601,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ACTIVITY_TYPES, DELIVERY_MODES } from '@yp/contracts-events';
import { LIFE_STAGE_CODES, THEME_CODES } from '@yp/contracts-reference';
import { LocalisedDescriptionDto, LocalisedNameDto } from './localised-text.dto';
import { NullableFields } from './nullable';
import { PageQueryDto } from './page-query.dto';
import { PostalAddressDto } from './organisation.dto';
import { EmailAddress, IsSafeText, SingleLineText, WEB_ADDRESS } from './safe-text';
import { IsMunicipalityCode } from './validators';

export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
export const PUBLISHING_STATES = ['draft', 'published', 'withdrawn'] as const;
export type PublishingState = (typeof PUBLISHING_STATES)[number];
/** Languages an activity is offered in (ISO 639 codes; se = Northern Sámi, smn = Inari Sámi, sms = Skolt Sámi). */
export const ACTIVITY_LANGUAGES = ['fi', 'sv', 'en', 'se', 'smn', 'sms', 'ru', 'et', 'ar', 'so', 'uk', 'fi-sign'] as const;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

export class WeeklyOpeningDto {
  @ApiProperty({ enum: WEEKDAYS, example: 'tue' })
  @IsIn(WEEKDAYS)
  day!: (typeof WEEKDAYS)[number];

  @ApiProperty({ example: '10:00', description: 'Local time, Europe/Helsinki' })
  @IsString()
  @Matches(TIME, { message: 'opens must be a time such as 09:30' })
  opens!: string;

  @ApiProperty({ example: '14:00', description: 'Local time, Europe/Helsinki' })
  @IsString()
  @Matches(TIME, { message: 'closes must be a time such as 14:00' })
  closes!: string;
}

export class OccurrenceDto {
  @ApiProperty({ format: 'date-time', example: '2026-12-05T12:00:00+02:00' })
  @IsISO8601({ strict: true })
  starts!: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-05T15:00:00+02:00' })
  @IsISO8601({ strict: true })
  ends!: string;
}

/** Weekly opening times or dated occurrences (or both), in Europe/Helsinki. */
export class ScheduleDto {
  @ApiPropertyOptional({ type: [WeeklyOpeningDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(28)
  @ValidateNested({ each: true })
  @Type(() => WeeklyOpeningDto)
  weekly?: WeeklyOpeningDto[];

  @ApiPropertyOptional({ type: [OccurrenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => OccurrenceDto)
  occurrences?: OccurrenceDto[];

  @ApiPropertyOptional({ type: LocalisedDescriptionDto, description: 'For example "not in July"' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalisedDescriptionDto)
  notes?: LocalisedDescriptionDto;
}

export class CostDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  free!: boolean;

  @ApiPropertyOptional({ type: LocalisedDescriptionDto, description: 'The fee, or what is free' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalisedDescriptionDto)
  description?: LocalisedDescriptionDto;
}

/** How residents reach the activity: a service contact, not a person's private details. */
export class ActivityContactDto {
  @ApiPropertyOptional({ example: 'kylatalo@pudasjarvi.example.fi' })
  @IsOptional()
  @EmailAddress()
  email?: string;

  @ApiPropertyOptional({ example: '+358 40 123 4567' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()-]{5,30}$/, { message: 'contact.phone must be a phone number such as +358 40 123 4567' })
  phone?: string;

  @ApiPropertyOptional({ example: 'https://kylatalo.example.fi' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(WEB_ADDRESS, { message: 'contact.website must be an http(s) URL' })
  @IsSafeText()
  website?: string;
}

export class CreateActivityRequestDto {
  @ApiProperty({ example: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f', description: 'The organisation that offers it' })
  @IsString()
  @Matches(/^org_[a-f0-9]{32}$/, { message: 'organisationId must be an organisation id such as org_3f1c…' })
  organisationId!: string;

  @ApiProperty({ type: LocalisedNameDto })
  @IsDefined({ message: 'name is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => LocalisedNameDto)
  name!: LocalisedNameDto;

  @ApiPropertyOptional({ type: LocalisedDescriptionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalisedDescriptionDto)
  description?: LocalisedDescriptionDto;

  @ApiProperty({ enum: ACTIVITY_TYPES, example: 'meeting-place' })
  @IsIn(ACTIVITY_TYPES)
  type!: ActivityType;

  @ApiProperty({ enum: DELIVERY_MODES, isArray: true, example: ['at-place'], description: '`at-place` needs a location' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(DELIVERY_MODES, { each: true })
  deliveryModes!: DeliveryMode[];

  @ApiPropertyOptional({ type: PostalAddressDto, description: 'Where, for `at-place`' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PostalAddressDto)
  location?: PostalAddressDto;

  @ApiPropertyOptional({ type: [String], example: ['loneliness'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsIn(THEME_CODES, { each: true, message: 'each value in themes must be a theme code from GET /api/v1/vocabularies' })
  themes?: string[];

  @ApiPropertyOptional({ type: [String], example: ['older-people'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsIn(LIFE_STAGE_CODES, { each: true, message: 'each value in lifeStages must be a life-stage code from GET /api/v1/vocabularies' })
  lifeStages?: string[];

  @ApiProperty({ type: [String], example: ['615'], description: 'Municipalities served; the regions are derived' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ArrayUnique()
  @IsMunicipalityCode({ each: true })
  municipalities!: string[];

  @ApiPropertyOptional({ type: [String], example: ['Sarakylä'], description: 'Villages served, by name' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @SingleLineText({ minLength: 1, maxLength: 100, each: true })
  villages?: string[];

  @ApiPropertyOptional({ type: ScheduleDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScheduleDto)
  schedule?: ScheduleDto;

  @ApiPropertyOptional({ type: CostDto, description: 'Defaults to free' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CostDto)
  cost?: CostDto;

  @ApiPropertyOptional({ enum: ACTIVITY_LANGUAGES, isArray: true, example: ['fi'], description: 'Defaults to fi' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ACTIVITY_LANGUAGES, { each: true })
  languages?: string[];

  @ApiPropertyOptional({ type: LocalisedDescriptionDto, description: 'Accessibility notes' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalisedDescriptionDto)
  accessibility?: LocalisedDescriptionDto;

  @ApiPropertyOptional({ type: ActivityContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ActivityContactDto)
  contact?: ActivityContactDto;

  @ApiPropertyOptional({ format: 'date-time', description: 'Scheduled publishing: visible from this time once published' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Scheduled publishing: hidden again after this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validTo?: string;
}

/** A partial update (not `organisationId`): `null` removes an optional value; the lists, `cost` and the required fields cannot be null. */
@NullableFields<UpdateActivityRequestDto>('description', 'location', 'schedule', 'accessibility', 'contact', 'validFrom', 'validTo')
export class UpdateActivityRequestDto extends PartialType(OmitType(CreateActivityRequestDto, ['organisationId'] as const)) {}

export class ActivityResponseDto {
  @ApiProperty({ example: 'act_0a1b2c3d4e5f60718293a4b5c6d7e8f9' }) id!: string;
  @ApiProperty({ type: 'integer', example: 1 }) version!: number;
  @ApiProperty({ example: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f' }) organisationId!: string;
  @ApiProperty({ enum: PUBLISHING_STATES }) state!: PublishingState;
  @ApiProperty({ description: 'Published and inside its validity window now' }) visible!: boolean;
  @ApiProperty({ type: LocalisedNameDto }) name!: LocalisedNameDto;
  @ApiPropertyOptional({ type: LocalisedDescriptionDto }) description?: LocalisedDescriptionDto;
  @ApiProperty({ enum: ACTIVITY_TYPES }) type!: ActivityType;
  @ApiProperty({ enum: DELIVERY_MODES, isArray: true }) deliveryModes!: DeliveryMode[];
  @ApiPropertyOptional({ type: PostalAddressDto }) location?: PostalAddressDto;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ type: [String] }) lifeStages!: string[];
  @ApiProperty({ type: [String] }) municipalities!: string[];
  @ApiProperty({ type: [String] }) regions!: string[];
  @ApiProperty({ type: [String] }) villages!: string[];
  @ApiPropertyOptional({ type: ScheduleDto }) schedule?: ScheduleDto;
  @ApiProperty({ type: CostDto }) cost!: CostDto;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiPropertyOptional({ type: LocalisedDescriptionDto }) accessibility?: LocalisedDescriptionDto;
  @ApiPropertyOptional({ type: ActivityContactDto }) contact?: ActivityContactDto;
  @ApiPropertyOptional({ format: 'date-time' }) validFrom?: string;
  @ApiPropertyOptional({ format: 'date-time' }) validTo?: string;
  @ApiPropertyOptional({ format: 'date-time' }) publishedAt?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ActivityListResponseDto {
  @ApiProperty({ type: [ActivityResponseDto] }) items!: ActivityResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}

export class ListActivitiesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f' })
  @IsOptional()
  @Matches(/^org_[a-f0-9]{32}$/, { message: 'organisationId must be an organisation id' })
  organisationId?: string;
  @ApiPropertyOptional({ example: '615' }) @IsOptional() @IsString() @IsMunicipalityCode() municipality?: string;
  @ApiPropertyOptional({ enum: ['17', '19'] }) @IsOptional() @IsIn(['17', '19']) region?: string;
  @ApiPropertyOptional({ example: 'loneliness' })
  @IsOptional()
  @IsIn(THEME_CODES, { message: 'theme must be a theme code from GET /api/v1/vocabularies' })
  theme?: string;
  @ApiPropertyOptional({ example: 'older-people' })
  @IsOptional()
  @IsIn(LIFE_STAGE_CODES, { message: 'lifeStage must be a life-stage code from GET /api/v1/vocabularies' })
  lifeStage?: string;
  @ApiPropertyOptional({ enum: ACTIVITY_TYPES }) @IsOptional() @IsIn(ACTIVITY_TYPES) type?: string;
  @ApiPropertyOptional({ enum: DELIVERY_MODES }) @IsOptional() @IsIn(DELIVERY_MODES) deliveryMode?: string;
  @ApiPropertyOptional({ enum: PUBLISHING_STATES, description: 'Drafts and withdrawn ones only for people of their regions' })
  @IsOptional()
  @IsIn(PUBLISHING_STATES)
  state?: string;
  @ApiPropertyOptional({ description: 'Name search in any language, ignoring case and diacritics' })
  @IsOptional()
  @SingleLineText({ minLength: 2, maxLength: 100 })
  q?: string;
}
