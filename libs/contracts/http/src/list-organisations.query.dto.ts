import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { ORGANISATION_KINDS } from '@yp/contracts-events';
import { ORGANISATION_STATUSES } from './organisation.dto';
import { PageQueryDto } from './page-query.dto';
import { IsMunicipalityCode } from './validators';

export class ListOrganisationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '615' }) @IsOptional() @IsString() @IsMunicipalityCode() municipality?: string;
  @ApiPropertyOptional({ enum: ['17', '19'] }) @IsOptional() @IsIn(['17', '19']) region?: string;
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS }) @IsOptional() @IsIn(ORGANISATION_KINDS) kind?: string;
  @ApiPropertyOptional({ enum: ORGANISATION_STATUSES }) @IsOptional() @IsIn(ORGANISATION_STATUSES) status?: string;
}
