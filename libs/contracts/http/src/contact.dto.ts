import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { LANGUAGES, LiaisonOfficerResponseDto, type Language } from './liaison-officer.dto';
import { Nullable } from './nullable';
import { PageQueryDto } from './page-query.dto';
import { EmailAddress, SingleLineText } from './safe-text';

const ORGANISATION_ID = /^org_[a-f0-9]{32}$/;
const ORGANISATION_ID_MESSAGE = 'organisationId must be an organisation id such as org_3f1c…';
const PHONE = /^\+?[0-9 ()-]{5,30}$/;
const PHONE_MESSAGE = 'phone must be a phone number such as +358 40 123 4567';
/** A person id: contacts, liaison officers and the GDPR routes share it. */
export const PERSON_ID_PATTERN = /^per_[a-f0-9]{32}$/;

/** A contact person (yhteyshenkilö) of a registered organisation. Personal data: region-scoped. */
export class CreateContactRequestDto {
  @ApiProperty({ example: 'Maija Mäkelä' })
  @SingleLineText({ minLength: 1, maxLength: 200 })
  name!: string;

  @ApiProperty({ example: 'maija.makela@kylayhdistys.example.fi', maxLength: 254 })
  @EmailAddress()
  email!: string;

  @ApiPropertyOptional({ example: '+358 40 123 4567' })
  @IsOptional()
  @IsString()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string;

  @ApiPropertyOptional({ example: 'Puheenjohtaja', description: 'Role or title in the organisation' })
  @IsOptional()
  @SingleLineText({ minLength: 1, maxLength: 200 })
  title?: string;

  @ApiProperty({ enum: LANGUAGES, example: 'fi', description: 'Preferred language (emails are sent in it)' })
  @IsIn(LANGUAGES)
  language!: Language;

  @ApiProperty({
    example: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f',
    description: 'The organisation the person represents; its regions decide who may see and change the contact',
  })
  @IsString()
  @Matches(ORGANISATION_ID, { message: ORGANISATION_ID_MESSAGE })
  organisationId!: string;
}

/** Partial update. `phone` and `title` may be null to remove them; other fields may not be null. */
export class UpdateContactRequestDto {
  @ApiPropertyOptional({ example: 'Maija Mäkelä-Korhonen' })
  @IsOptional()
  @SingleLineText({ minLength: 1, maxLength: 200 })
  name?: string;

  @ApiPropertyOptional({ example: 'maija.korhonen@kylayhdistys.example.fi', maxLength: 254 })
  @IsOptional()
  @EmailAddress()
  email?: string;

  @ApiPropertyOptional({ example: '+358 50 765 4321', type: String, description: 'null removes it' })
  @Nullable()
  @IsString()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string | null;

  @ApiPropertyOptional({ example: 'Sihteeri', type: String, description: 'null removes it' })
  @Nullable()
  @SingleLineText({ minLength: 1, maxLength: 200 })
  title?: string | null;

  @ApiPropertyOptional({ enum: LANGUAGES, example: 'sv' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({
    example: 'org_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    description: 'Move the contact to another organisation (you must be allowed to write both)',
  })
  @IsOptional()
  @IsString()
  @Matches(ORGANISATION_ID, { message: ORGANISATION_ID_MESSAGE })
  organisationId?: string;
}

export class ContactResponseDto {
  @ApiProperty({ example: 'per_0a1b2c3d4e5f60718293a4b5c6d7e8f9', description: 'The contact’s id is its person id' }) id!: string;
  @ApiProperty({ example: 'per_0a1b2c3d4e5f60718293a4b5c6d7e8f9', description: 'Use with /api/v1/persons/{personId}/export and /erase' })
  personId!: string;
  @ApiProperty({ example: 3, description: 'Increases by one on every change; the ETag is derived from it' }) version!: number;
  @ApiProperty({ example: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f' }) organisationId!: string;
  @ApiProperty({ example: ['17'], type: [String], description: 'The organisation’s regions (who may see and change the contact)' })
  regions!: string[];
  @ApiProperty({ example: 'Maija Mäkelä' }) name!: string;
  @ApiProperty({ example: 'maija.makela@kylayhdistys.example.fi' }) email!: string;
  @ApiPropertyOptional({ example: '+358 40 123 4567' }) phone?: string;
  @ApiPropertyOptional({ example: 'Puheenjohtaja' }) title?: string;
  @ApiProperty({ enum: LANGUAGES, example: 'fi' }) language!: Language;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T10:00:00.000Z' }) updatedAt!: string;
}

export class ListContactsQueryDto extends PageQueryDto {
  @ApiProperty({ example: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f', description: 'The organisation whose contact persons to list' })
  @IsString()
  @Matches(ORGANISATION_ID, { message: ORGANISATION_ID_MESSAGE })
  organisationId!: string;
}

export class ContactListResponseDto {
  @ApiProperty({ type: [ContactResponseDto] }) items!: ContactResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}

// --- GDPR export ------------------------------------------------------------------------------

/** One stored version of a contact, as the change log holds it. */
export class ContactVersionDto {
  @ApiProperty({ type: 'integer', example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T10:00:00.000Z', description: 'When this version was stored' })
  committedAt!: string;
  @ApiProperty({ example: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f' }) organisationId!: string;
  @ApiProperty({ example: 'Maija Mäkelä' }) name!: string;
  @ApiProperty({ example: 'maija.makela@kylayhdistys.example.fi' }) email!: string;
  @ApiPropertyOptional({ example: '+358 40 123 4567' }) phone?: string;
  @ApiPropertyOptional({ example: 'Puheenjohtaja' }) title?: string;
  @ApiProperty({ enum: LANGUAGES, example: 'fi' }) language!: Language;
}

export class ContactExportDto {
  @ApiProperty({ type: ContactResponseDto }) current!: ContactResponseDto;
  @ApiProperty({ type: [ContactVersionDto], description: 'Every stored version, oldest first (the change log)' })
  history!: ContactVersionDto[];
}

/** One stored version of a liaison officer appointment. */
export class LiaisonOfficerVersionDto {
  @ApiProperty({ type: 'integer', example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T10:00:00.000Z' }) committedAt!: string;
  @ApiProperty({ example: 'Liisa Lähde' }) name!: string;
  @ApiProperty({ example: 'liisa.lahde@pudasjarvi.example.fi' }) email!: string;
  @ApiProperty({ enum: LANGUAGES, example: 'fi' }) language!: Language;
  @ApiProperty({ example: ['615'], type: [String] }) municipalities!: string[];
  @ApiPropertyOptional({ example: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f' }) organisationId?: string;
}

export class LiaisonOfficerExportDto {
  @ApiProperty({ type: LiaisonOfficerResponseDto }) current!: LiaisonOfficerResponseDto;
  @ApiProperty({ type: [LiaisonOfficerVersionDto], description: 'Every stored version, oldest first (the change log)' })
  history!: LiaisonOfficerVersionDto[];
}

/** Everything the organisations service holds about one person (GDPR art. 15 / 20). */
export class PersonExportResponseDto {
  @ApiProperty({ example: 'per_0a1b2c3d4e5f60718293a4b5c6d7e8f9' }) personId!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' }) exportedAt!: string;
  @ApiProperty({ type: [ContactExportDto], description: 'Contact-person records of the person' }) contacts!: ContactExportDto[];
  @ApiProperty({ type: [LiaisonOfficerExportDto], description: 'Liaison officer appointments of the person' })
  liaisonOfficers!: LiaisonOfficerExportDto[];
  @ApiProperty({
    example: true,
    description:
      'false when records outside the caller’s regions were left out (coordinators); an administrator’s export is always complete',
  })
  complete!: boolean;
}

export const PERSON_ERASURE_STATUSES = ['erasing', 'erased'] as const;
export type PersonErasureStatus = (typeof PERSON_ERASURE_STATUSES)[number];

/** How far the erasure request of a person got (the person and every other person id of the same email). */
export class PersonErasureResponseDto {
  @ApiProperty({ example: 'per_0a1b2c3d4e5f60718293a4b5c6d7e8f9' }) personId!: string;
  @ApiProperty({ enum: PERSON_ERASURE_STATUSES, example: 'erasing', description: 'erased once every person id of the request is erased' })
  status!: PersonErasureStatus;
  @ApiProperty({ type: 'integer', example: 240, description: 'Person ids the request erases: this one and those with the same email' })
  total!: number;
  @ApiProperty({ type: 'integer', example: 96, description: 'Of those, erased so far' }) erased!: number;
}
