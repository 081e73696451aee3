import { ApiProperty } from '@nestjs/swagger';

export class TermLabelDto {
  @ApiProperty({ example: 'Ikääntyneet' }) fi!: string;
  @ApiProperty({ example: 'Äldre' }) sv!: string;
  @ApiProperty({ example: 'Older people' }) en!: string;
}

export class VocabularyTermDto {
  @ApiProperty({ example: 'older-people' }) code!: string;
  @ApiProperty({ type: TermLabelDto }) label!: TermLabelDto;
}

export class MunicipalityDto {
  @ApiProperty({ example: '615', description: 'Official three-digit code (Statistics Finland)' }) code!: string;
  @ApiProperty({ example: 'Pudasjärvi' }) name!: string;
  @ApiProperty({ example: '17', enum: ['17', '19'] }) region!: string;
}

export class VocabulariesResponseDto {
  @ApiProperty({ type: [VocabularyTermDto] }) themes!: VocabularyTermDto[];
  @ApiProperty({ type: [VocabularyTermDto] }) lifeStages!: VocabularyTermDto[];
  @ApiProperty({ type: [String], example: ['association', 'municipality'] }) organisationKinds!: string[];
  @ApiProperty({ type: [MunicipalityDto] }) municipalities!: MunicipalityDto[];
}
