import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { SingleLineText } from './safe-text';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USER_ROLES, type UserRole } from './auth.dto';

export const REGION_CODES = ['17', '19'] as const;

export class CreateUserRequestDto {
  @ApiProperty({ example: 'coordinator@kemijarvi.example.fi', description: 'Login name (stored lower-case)' })
  @IsString()
  @MinLength(3)
  @MaxLength(254)
  @Matches(/^[A-Za-z0-9._@+-]+$/, { message: 'username may hold letters a-z, digits and . _ @ + -' })
  username!: string;

  @ApiProperty({ example: 'Kaisa Koordinaattori' })
  @SingleLineText({ minLength: 1, maxLength: 200 })
  displayName!: string;

  @ApiProperty({ enum: USER_ROLES, isArray: true, example: ['coordinator'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(USER_ROLES, { each: true })
  roles!: UserRole[];

  @ApiProperty({
    enum: REGION_CODES,
    isArray: true,
    example: ['19'],
    description: 'Regions the user acts in (19 Lapland, 17 North Ostrobothnia); coordinators and liaison officers need one',
  })
  @IsArray()
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(REGION_CODES, { each: true })
  regions!: string[];

  @ApiProperty({
    format: 'password',
    minLength: PASSWORD_MIN_LENGTH,
    description: 'Initial password; hand it over out of band and have the user change it',
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class UpdateUserRequestDto {
  @ApiPropertyOptional()
  @IsOptional()
  @SingleLineText({ minLength: 1, maxLength: 200 })
  displayName?: string;

  @ApiPropertyOptional({ enum: USER_ROLES, isArray: true, description: 'Changing roles ends the user’s sessions' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(USER_ROLES, { each: true })
  roles?: UserRole[];

  @ApiPropertyOptional({ enum: REGION_CODES, isArray: true, description: 'Changing regions ends the user’s sessions' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(REGION_CODES, { each: true })
  regions?: string[];

  @ApiPropertyOptional({ description: 'A disabled user cannot log in; disabling ends every session' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class UserResponseDto {
  @ApiProperty({ example: 'usr_0a1b2c3d4e5f60718293a4b5c6d7e8f9' }) id!: string;
  @ApiProperty({ example: 'coordinator@kemijarvi.example.fi' }) username!: string;
  @ApiProperty({ example: 'Kaisa Koordinaattori' }) displayName!: string;
  @ApiProperty({ enum: USER_ROLES, isArray: true }) roles!: UserRole[];
  @ApiProperty({ type: [String], example: ['19'] }) regions!: string[];
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null until the user changes the initial password' })
  passwordChangedAt!: string | null;
}

export class UserListResponseDto {
  @ApiProperty({ type: [UserResponseDto] }) items!: UserResponseDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last page' }) nextCursor!:
    string | null;
}
