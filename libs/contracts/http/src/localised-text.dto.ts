import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { MultiLineText, SingleLineText } from './safe-text';

/** A name in Finnish (required) with optional Swedish and English, as in the national service catalogue. */
export class LocalisedNameDto {
  @ApiProperty({ example: 'Pudasjärven Kyläyhdistys ry' })
  @SingleLineText({ minLength: 1, maxLength: 200 })
  fi!: string;

  @ApiPropertyOptional({ example: 'Pudasjärvi byförening rf' })
  @IsOptional()
  @SingleLineText({ maxLength: 200 })
  sv?: string;

  @ApiPropertyOptional({ example: 'Pudasjärvi Village Association' })
  @IsOptional()
  @SingleLineText({ maxLength: 200 })
  en?: string;
}

/** Descriptions and notes: several lines (line feeds kept), in Finnish, Swedish and English. */
export class LocalisedDescriptionDto {
  @ApiPropertyOptional({ example: 'Kylätalon matalan kynnyksen kohtaamispaikka.' })
  @IsOptional()
  @MultiLineText({ maxLength: 4000 })
  fi?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MultiLineText({ maxLength: 4000 })
  sv?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MultiLineText({ maxLength: 4000 })
  en?: string;
}
