import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** A name in Finnish (required) with optional Swedish and English, as in the national service catalogue. */
export class LocalisedNameDto {
  @ApiProperty({ example: 'Pudasjärven Kyläyhdistys ry', minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fi!: string;

  @ApiPropertyOptional({ example: 'Pudasjärvi byförening rf', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sv?: string;

  @ApiPropertyOptional({ example: 'Pudasjärvi Village Association', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  en?: string;
}

export class LocalisedDescriptionDto {
  @ApiPropertyOptional({ example: 'Kylätalon matalan kynnyksen kohtaamispaikka.', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  fi?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  sv?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  en?: string;
}
