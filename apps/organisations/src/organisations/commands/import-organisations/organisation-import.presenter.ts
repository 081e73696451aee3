import type { OrganisationImportResponseDto } from '@yp/contracts-http';
import { processed, type OrganisationImportState } from './organisation-import.state';

/** A running import with no progress recorded for this long stopped with its service. */
export const IMPORT_STALE_MS = 60_000;

export function presentImport(state: OrganisationImportState, now = Date.now()): OrganisationImportResponseDto {
  const stale = state.status === 'running' && now - Date.parse(state.updatedAt) > IMPORT_STALE_MS;
  return {
    id: state.importId,
    status: stale ? 'interrupted' : state.status,
    total: state.total,
    processed: processed(state.counts),
    ...state.counts,
    startedAt: state.startedAt,
    updatedAt: state.updatedAt,
    ...(state.completedAt ? { completedAt: state.completedAt } : {}),
    ...(state.error ? { error: state.error } : {}),
    rows: state.rows,
  };
}
