import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListOrganisationsQueryDto } from './list-organisations.query.dto';

/**
 * The columns of the organisation CSV (import and export), in export order. The import needs a
 * header row naming some of them (any order, case-insensitive); `kind`, `name_fi` and
 * `municipalities` are required. An export re-imports unchanged.
 */
export const ORGANISATION_CSV_COLUMNS = [
  'id',
  'kind',
  'name_fi',
  'name_sv',
  'name_en',
  'business_id',
  'association_register_number',
  'municipalities',
  'themes',
  'life_stages',
  'website',
  'email',
  'phone',
  'street',
  'postal_code',
  'post_office',
  'description_fi',
  'description_sv',
  'description_en',
  'status',
] as const;
export type OrganisationCsvColumn = (typeof ORGANISATION_CSV_COLUMNS)[number];
export const ORGANISATION_CSV_REQUIRED_COLUMNS: readonly OrganisationCsvColumn[] = ['kind', 'name_fi', 'municipalities'];

/** Most data rows one import takes (larger files: split them; every import is re-runnable). */
export const ORGANISATION_IMPORT_MAX_ROWS = 5000;
/** Largest CSV file one import takes, in body-parser notation (also the gateway's limit). */
export const ORGANISATION_IMPORT_MAX_SIZE = '5mb';

/** How the import and export CSV columns are read and written, for the API description. */
export const ORGANISATION_CSV_DESCRIPTION =
  'UTF-8 (with or without a byte-order mark), fields separated by semicolons or commas (detected from the header row), a header row naming the columns: ' +
  `${ORGANISATION_CSV_COLUMNS.join(', ')}. Required: kind, name_fi, municipalities. ` +
  'municipalities, themes and life_stages hold codes separated by "|" or spaces (municipality codes from GET /api/v1/vocabularies; ' +
  'leading zeros a spreadsheet dropped are restored). ' +
  'A row is matched to an existing organisation by id, else by business_id, else by name_fi (ignoring case and diacritics) with the same set of municipalities; ' +
  'a row with a business ID nobody has yet may also match an organisation of that name and municipalities that has no business ID. ' +
  'A matched row that differs updates the organisation, one that does not is left unchanged, any other row registers a new organisation. ' +
  'A column left out of the file leaves that field as it is; an empty cell in a column that is present clears the field ' +
  '(except business_id and status, which an empty cell leaves as they are). street, postal_code and post_office go together. ' +
  'A cell starting with an apostrophe followed by = + - or @ loses the apostrophe (exports add it so that spreadsheets do not run cell text as a formula).';

export class ImportOrganisationsQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'true: validate and report what would happen, write nothing', example: true })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun?: 'true' | 'false';
}

export const IMPORT_ROW_STATUSES = ['created', 'updated', 'unchanged', 'failed'] as const;
export type ImportRowStatus = (typeof IMPORT_ROW_STATUSES)[number];

export class ImportRowErrorDto {
  @ApiProperty({ example: 'business_id', description: 'The CSV column at fault, or `row` for the row as a whole' }) field!: string;
  @ApiProperty({ example: 'businessId must be a Finnish business ID such as 1572860-0 (with a valid check digit)' }) message!: string;
  @ApiPropertyOptional({
    example: 'ORGANISATION.REGION_FORBIDDEN',
    description: 'The error code, when the row was refused by the register rather than by validation',
  })
  code?: string;
}

export class ImportRowResultDto {
  @ApiProperty({ type: 'integer', example: 2, description: 'Row number as a spreadsheet shows it: the header is row 1' }) row!: number;
  @ApiProperty({ enum: IMPORT_ROW_STATUSES, example: 'created', description: 'With dryRun: what would happen' }) status!: ImportRowStatus;
  @ApiPropertyOptional({ example: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f', description: 'The organisation the row created or matched' })
  id?: string;
  @ApiPropertyOptional({ type: [ImportRowErrorDto], description: 'Why the row failed (status failed only)' }) errors?: ImportRowErrorDto[];
}

export class ImportOrganisationsResponseDto {
  @ApiProperty({ example: false, description: 'true: nothing was written' }) dryRun!: boolean;
  @ApiProperty({ type: 'integer', example: 12 }) created!: number;
  @ApiProperty({ type: 'integer', example: 3 }) updated!: number;
  @ApiProperty({ type: 'integer', example: 40 }) unchanged!: number;
  @ApiProperty({ type: 'integer', example: 1 }) failed!: number;
  @ApiProperty({ type: [ImportRowResultDto], description: 'One entry per data row, in file order (blank rows are skipped)' })
  rows!: ImportRowResultDto[];
}

/** The list filters that make sense for a whole-register export (no paging: exports stream everything). */
export class ExportOrganisationsQueryDto extends PickType(ListOrganisationsQueryDto, [
  'municipality',
  'region',
  'kind',
  'status',
  'theme',
  'lifeStage',
] as const) {}
