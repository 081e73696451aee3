import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'name.fi' }) field!: string;
  @ApiProperty({ example: 'name.fi must be longer than or equal to 1 characters' }) message!: string;
}

/** RFC 9457 problem details, the shape of every error response. */
export class ProblemDto {
  @ApiProperty({ example: 'https://yhteispeli.example/problems/request-validation-failed' }) type!: string;
  @ApiProperty({ example: 'Request validation failed' }) title!: string;
  @ApiProperty({ example: 422 }) status!: number;
  @ApiPropertyOptional({ example: 'The request has invalid fields; see errors.' }) detail?: string;
  @ApiPropertyOptional({ example: '/api/v1/organisations' }) instance?: string;
  @ApiProperty({ example: 'REQUEST.VALIDATION_FAILED', description: 'Stable machine-readable code' }) code!: string;
  @ApiProperty({ example: '8d6f1f3e-58c1-4a47-9a0e-0b8f1a3c2d4e' }) correlationId!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
}
