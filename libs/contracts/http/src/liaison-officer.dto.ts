import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsISO8601, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { EmailAddress, SingleLineText } from './safe-text';
import { IsMunicipalityCode } from './validators';

export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export class AssignLiaisonOfficerRequestDto {
  @ApiProperty({ example: 'Liisa Lähde' })
  @SingleLineText({ minLength: 1, maxLength: 200 })
  name!: string;

  @ApiProperty({ example: 'liisa.lahde@pudasjarvi.example.fi', maxLength: 254 })
  @EmailAddress()
  email!: string;

  @ApiProperty({ enum: LANGUAGES, example: 'fi', description: 'Language of the emails this person receives' })
  @IsIn(LANGUAGES)
  language!: Language;

  @ApiProperty({
    example: ['615'],
    type: [String],
    description: 'Municipalities this person is the liaison officer (järjestöyhdyshenkilö) for',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ArrayUnique()
  @IsMunicipalityCode({ each: true })
  municipalities!: string[];

  @ApiPropertyOptional({ example: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f', description: 'Employing organisation, if registered' })
  @IsOptional()
  @IsString()
  @Matches(/^org_[a-f0-9]{32}$/, { message: 'organisationId must be an organisation id such as org_3f1c…' })
  organisationId?: string;

  @ApiPropertyOptional({ example: 'Pudasjärven sote-keskus', description: 'A health and social services centre of the area, by name' })
  @IsOptional()
  @SingleLineText({ minLength: 1, maxLength: 200 })
  healthCentre?: string;

  @ApiPropertyOptional({ example: '2027-01-01', format: 'date', description: 'First day of the appointment; emails start then' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'activeFrom must be a date such as 2027-01-01' })
  activeFrom?: string;

  @ApiPropertyOptional({ example: '2027-12-31', format: 'date', description: 'Last day of the appointment; emails stop after it' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'activeTo must be a date such as 2027-12-31' })
  activeTo?: string;
}

export class LiaisonOfficerResponseDto {
  @ApiProperty({ example: 'lo_0a1b2c3d4e5f60718293a4b5c6d7e8f9' }) id!: string;
  @ApiProperty({ example: 'per_0a1b2c3d4e5f60718293a4b5c6d7e8f9' }) personId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: LANGUAGES }) language!: Language;
  @ApiProperty({ type: [String] }) municipalities!: string[];
  @ApiProperty({ type: [String] }) regions!: string[];
  @ApiPropertyOptional() organisationId?: string;
  @ApiPropertyOptional({ example: 'Pudasjärven sote-keskus' }) healthCentre?: string;
  @ApiPropertyOptional({ format: 'date' }) activeFrom?: string;
  @ApiPropertyOptional({ format: 'date' }) activeTo?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Set when the appointment was ended (DELETE)' }) removedAt?: string;
  @ApiProperty() version!: number;
}
