import { IMPORT_COMPLETED_V1, IMPORT_STARTED_V1 } from '@yp/contracts-events';
import { aggregateEvents } from '@yp/shared-kafka';
import type { OutboxRecord } from '@yp/shared-persistence';
import type { OrganisationImportState } from './organisation-import.state';

const importEvent = aggregateEvents({ service: 'organisations', aggregate: 'import' });

export function importStarted(state: OrganisationImportState): OutboxRecord {
  return importEvent(IMPORT_STARTED_V1, state.importId, 1, {
    importId: state.importId,
    rows: state.total,
    regions: state.regions,
    startedAt: state.startedAt,
  });
}

export function importCompleted(state: OrganisationImportState, version: number): OutboxRecord {
  return importEvent(IMPORT_COMPLETED_V1, state.importId, version, {
    importId: state.importId,
    rows: state.total,
    regions: state.regions,
    ...state.counts,
    completedAt: state.completedAt ?? state.updatedAt,
  });
}
