import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ImportRowResultDto } from './organisation-transfer.dto';

/**
 * - `running`: rows are being written (the counts grow);
 * - `completed`: every row went through (some may have failed: see `rows`);
 * - `failed`: the import stopped on an error of the service (the database gone); the rows written
 *   until then stay, and running the same file again finishes it (imports are re-runnable);
 * - `interrupted`: the service stopped while it ran (no progress for a minute); run the file again.
 */
export const ORGANISATION_IMPORT_STATUSES = ['running', 'completed', 'failed', 'interrupted'] as const;
export type OrganisationImportStatus = (typeof ORGANISATION_IMPORT_STATUSES)[number];

/** One import of a CSV file and its progress: what GET /api/v1/organisation-imports/{id} answers. */
export class OrganisationImportResponseDto {
  @ApiProperty({ example: 'imp_9b1f6c3e2d4a4f5e8a7b6c5d4e3f2a1b', description: 'Also the `bulkid` of every event the import caused' })
  id!: string;
  @ApiProperty({ enum: ORGANISATION_IMPORT_STATUSES, example: 'running' }) status!: OrganisationImportStatus;
  @ApiProperty({ type: 'integer', example: 1000, description: 'Data rows in the file' }) total!: number;
  @ApiProperty({ type: 'integer', example: 420, description: 'Rows done so far (created + updated + unchanged + failed)' })
  processed!: number;
  @ApiProperty({ type: 'integer', example: 400 }) created!: number;
  @ApiProperty({ type: 'integer', example: 12 }) updated!: number;
  @ApiProperty({ type: 'integer', example: 6 }) unchanged!: number;
  @ApiProperty({ type: 'integer', example: 2 }) failed!: number;
  @ApiProperty({ format: 'date-time', example: '2026-12-03T09:00:00.000Z' }) startedAt!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-03T09:00:08.000Z', description: 'The last progress recorded' })
  updatedAt!: string;
  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-03T09:00:21.000Z' }) completedAt?: string;
  @ApiPropertyOptional({ example: 'the database did not answer', description: 'Why the import stopped (status failed)' })
  error?: string;
  @ApiProperty({
    type: [ImportRowResultDto],
    description:
      'The report per row, in file order: every row once the import is completed; while it runs, the rows that failed so far (the ones to fix).',
  })
  rows!: ImportRowResultDto[];
}
