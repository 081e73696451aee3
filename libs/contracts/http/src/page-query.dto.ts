import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const CURSOR_MAX_LENGTH = 200;
/** Cursors are base64url text (what `nextCursor` holds); the document states the same pattern. */
const CURSOR_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${CURSOR_MAX_LENGTH}}$`);

/** Cursor pagination, the same on every list: `limit` and the opaque `cursor` of the previous page. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'Opaque: the `nextCursor` of the previous page, sent back with the same filters. ' +
      'A value of another shape is a 422; one of this shape that this list did not return is a 400 `REQUEST.BAD_CURSOR`.',
    minLength: 1,
    maxLength: CURSOR_MAX_LENGTH,
    pattern: CURSOR_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @Matches(CURSOR_PATTERN, { message: 'cursor must be a cursor returned by a previous page' })
  cursor?: string;
}
