import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';

/**
 * Open Referral HSDS 3.0 export (https://docs.openreferral.org/en/latest/): field names follow the
 * specification's schema files exactly (snake_case, its own spellings such as `addresss`). Ids are
 * UUIDs: the register's own ids with their prefix removed (org_3f1c… → 3f1c…-…), and derived,
 * stable UUIDs for the parts HSDS models as records (schedules, areas, locations, …).
 */
const UUID = { format: 'uuid', example: '3f1c9a0e-5b7d-4c2a-9e8f-7a6b5c4d3e2f' } as const;

export class HsdsPageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 1, description: 'Page number, from 1' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  per_page?: number;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Only records changed (or, for services, become valid) at or after this time',
    example: '2026-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  modified_after?: string;
}

export class HsdsTaxonomyTermDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty({ example: 'loneliness', description: 'The register’s vocabulary code' }) code!: string;
  @ApiProperty({ example: 'Yksinäisyyden ehkäisy', description: 'Finnish label' }) name!: string;
  @ApiProperty({ example: 'sv: Förebyggande av ensamhet; en: Preventing loneliness', description: 'The Swedish and English labels' })
  description!: string;
  @ApiProperty({ example: 'fi' }) language!: string;
  @ApiProperty({
    ...UUID,
    description: 'Derived from the taxonomy name (yhteispeli-themes, yhteispeli-life-stages, statistics-finland-municipalities)',
  })
  taxonomy_id!: string;
}

export class HsdsAttributeDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(UUID) link_id!: string;
  @ApiProperty(UUID) taxonomy_term_id!: string;
  @ApiProperty({ example: 'theme', description: 'theme, life_stage or municipality' }) link_type!: string;
  @ApiProperty({ example: 'service', description: 'service or service_area' }) link_entity!: string;
  @ApiProperty({ type: HsdsTaxonomyTermDto }) taxonomy_term!: HsdsTaxonomyTermDto;
}

export class HsdsPhoneDto {
  @ApiProperty(UUID) id!: string;
  @ApiPropertyOptional(UUID) service_id?: string;
  @ApiPropertyOptional(UUID) organization_id?: string;
  @ApiProperty({ example: '+358 40 123 4567' }) number!: string;
  @ApiProperty({ example: 'voice' }) type!: string;
}

export class HsdsLanguageDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(UUID) service_id!: string;
  @ApiProperty({ example: 'suomi', description: 'Finnish name of the language' }) name!: string;
  @ApiProperty({ example: 'fi', description: 'ISO 639-1, or 639-3 where there is no two-letter code (smn, sms, fse)' }) code!: string;
}

export class HsdsServiceAreaDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(UUID) service_id!: string;
  @ApiProperty({ example: 'Pudasjärvi', description: 'Municipality name' }) name!: string;
  @ApiProperty({ example: 'Pudasjärvi (kuntakoodi 615), Pohjois-Pohjanmaa' }) description!: string;
  @ApiProperty({ type: [HsdsAttributeDto], description: 'The official municipality code as a term of statistics-finland-municipalities' })
  attributes!: HsdsAttributeDto[];
}

export class HsdsScheduleDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(UUID) service_id!: string;
  @ApiPropertyOptional({ format: 'date', description: 'Scheduled publishing: first day (Europe/Helsinki)' }) valid_from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Scheduled publishing: last day (Europe/Helsinki)' }) valid_to?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Dated occurrence: its day; weekly: valid_from' }) dtstart?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Dated occurrence: its last day' }) until?: string;
  @ApiPropertyOptional({ enum: ['WEEKLY'], description: 'Weekly opening times only' }) freq?: 'WEEKLY';
  @ApiPropertyOptional({ type: 'integer', example: 1 }) interval?: number;
  @ApiPropertyOptional({ example: 'TU,TH', description: 'iCal days' }) byday?: string;
  @ApiProperty({ example: '10:00', description: 'Local time, Europe/Helsinki (no fixed UTC offset: summer time)' }) opens_at!: string;
  @ApiProperty({ example: '14:00', description: 'Local time, Europe/Helsinki' }) closes_at!: string;
  @ApiProperty({ example: 'TU,TH 10:00–14:00 (Europe/Helsinki)' }) description!: string;
  @ApiPropertyOptional({ example: 'Ei heinäkuussa', description: 'The schedule notes (Finnish)' }) notes?: string;
}

export class HsdsAddressDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(UUID) location_id!: string;
  @ApiProperty({ example: 'Kylätie 1' }) address_1!: string;
  @ApiProperty({ example: 'Pudasjärvi' }) city!: string;
  @ApiProperty({ example: 'Pohjois-Pohjanmaa' }) region!: string;
  @ApiProperty({ example: 'Pohjois-Pohjanmaa', description: 'The region (maakunta); HSDS requires it' }) state_province!: string;
  @ApiProperty({ example: '93100' }) postal_code!: string;
  @ApiProperty({ example: 'FI' }) country!: string;
  @ApiProperty({ enum: ['physical', 'postal'] }) address_type!: 'physical' | 'postal';
}

export class HsdsLocationDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty({ enum: ['physical', 'postal'] }) location_type!: 'physical' | 'postal';
  @ApiProperty(UUID) organization_id!: string;
  @ApiProperty({ example: 'Kylätie 1, Pudasjärvi' }) name!: string;
  @ApiPropertyOptional({ example: 'Pyörätuoliluiska pääovella', description: 'Accessibility notes (Finnish)' }) description?: string;
  @ApiProperty({ type: [HsdsAddressDto] }) addresss!: HsdsAddressDto[];
}

export class HsdsServiceAtLocationDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(UUID) service_id!: string;
  @ApiProperty(UUID) location_id!: string;
  @ApiProperty({ type: HsdsLocationDto }) location!: HsdsLocationDto;
}

export class HsdsOrganizationIdentifierDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(UUID) organization_id!: string;
  @ApiProperty({ example: 'FI-PRO', description: 'org-id.guide scheme: FI-PRO (Finnish Patent and Registration Office, the business ID)' })
  identifier_scheme!: string;
  @ApiProperty({ example: 'Y-tunnus' }) identifier_type!: string;
  @ApiProperty({ example: '1234567-8' }) identifier!: string;
}

/** One-to-one fields of an organization (the list). */
export class HsdsOrganizationDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty({ example: 'Kelpo Kyläyhdistys ry', description: 'Finnish name' }) name!: string;
  @ApiPropertyOptional({ example: 'Kelpo Byaförening rf', description: 'Swedish and English names, " / " between' })
  alternate_name?: string;
  @ApiProperty({ description: 'Finnish description (else Swedish, else English; empty when there is none — HSDS requires the field)' })
  description!: string;
  @ApiPropertyOptional({ format: 'email' }) email?: string;
  @ApiPropertyOptional({ format: 'uri' }) website?: string;
  @ApiProperty({ example: 'association', description: 'The register’s organisation kind' }) legal_status!: string;
  @ApiProperty({ type: [HsdsOrganizationIdentifierDto] }) organization_identifiers!: HsdsOrganizationIdentifierDto[];
  @ApiProperty({ type: [HsdsPhoneDto] }) phones!: HsdsPhoneDto[];
  @ApiProperty({ type: [HsdsLocationDto], description: 'The postal address, when it has a postal code' }) locations!: HsdsLocationDto[];
  @ApiProperty({ type: [HsdsAttributeDto], description: 'Themes and life stages' }) attributes!: HsdsAttributeDto[];
}

/** One-to-one fields of a service (the list). */
export class HsdsServiceBriefDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(UUID) organization_id!: string;
  @ApiProperty({ example: 'Kylätalon kahvila', description: 'Finnish name' }) name!: string;
  @ApiPropertyOptional({ example: 'Bystugans kafé', description: 'Swedish and English names, " / " between' }) alternate_name?: string;
  @ApiPropertyOptional({ description: 'Finnish description (else Swedish, else English)' }) description?: string;
  @ApiPropertyOptional({ format: 'uri' }) url?: string;
  @ApiPropertyOptional({ format: 'email' }) email?: string;
  @ApiProperty({ enum: ['active'], description: 'Only published activities inside their validity window are exported' }) status!: 'active';
  @ApiProperty({ example: 'Maksuton', description: 'Maksuton (free) or Maksullinen (charged), with the cost description' })
  fees_description!: string;
}

/** A fully nested service. */
export class HsdsServiceDto extends HsdsServiceBriefDto {
  @ApiProperty({ type: HsdsOrganizationDto }) organization!: HsdsOrganizationDto;
  @ApiProperty({ type: [HsdsServiceAreaDto] }) service_areas!: HsdsServiceAreaDto[];
  @ApiProperty({ type: [HsdsScheduleDto] }) schedules!: HsdsScheduleDto[];
  @ApiProperty({ type: [HsdsServiceAtLocationDto] }) service_at_locations!: HsdsServiceAtLocationDto[];
  @ApiProperty({ type: [HsdsLanguageDto] }) languages!: HsdsLanguageDto[];
  @ApiProperty({ type: [HsdsPhoneDto] }) phones!: HsdsPhoneDto[];
  @ApiProperty({ type: [HsdsAttributeDto], description: 'Themes and life stages' }) attributes!: HsdsAttributeDto[];
}

export class HsdsOrganizationWithServicesDto extends HsdsOrganizationDto {
  @ApiProperty({ type: [HsdsServiceBriefDto], description: 'Its visible services' }) services!: HsdsServiceBriefDto[];
}

class HsdsPageDto {
  @ApiProperty({ type: 'integer', example: 1 }) total_items!: number;
  @ApiProperty({ type: 'integer', example: 1 }) total_pages!: number;
  @ApiProperty({ type: 'integer', example: 1 }) page_number!: number;
  @ApiProperty({ type: 'integer', example: 50, description: 'Items on this page' }) size!: number;
  @ApiProperty() first_page!: boolean;
  @ApiProperty() last_page!: boolean;
  @ApiProperty() empty!: boolean;
}

export class HsdsServicePageDto extends HsdsPageDto {
  @ApiProperty({ type: [HsdsServiceBriefDto] }) contents!: HsdsServiceBriefDto[];
}

export class HsdsOrganizationPageDto extends HsdsPageDto {
  @ApiProperty({ type: [HsdsOrganizationDto] }) contents!: HsdsOrganizationDto[];
}
