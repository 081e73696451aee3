import type { ImportRowResultDto } from '@yp/contracts-http';

/** The counts of an import's report. */
export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

/** One import of a CSV file (the `organisation_imports` store): its progress, and its report once done. */
export interface OrganisationImportState {
  readonly importId: string;
  /** Who started it: only they (or an admin) read it. */
  readonly actor: string;
  readonly status: 'running' | 'completed' | 'failed';
  readonly total: number;
  readonly counts: ImportCounts;
  /** Regions of the municipalities the file names. */
  readonly regions: string[];
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly completedAt?: string;
  readonly error?: string;
  /** While running: the failed rows so far; once completed: every row, in file order. */
  readonly rows: ImportRowResultDto[];
}

export const noCounts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0, failed: 0 });

export const processed = (c: ImportCounts): number => c.created + c.updated + c.unchanged + c.failed;
