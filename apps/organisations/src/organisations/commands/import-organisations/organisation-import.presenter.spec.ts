import { IMPORT_STALE_MS, presentImport } from './organisation-import.presenter';
import type { OrganisationImportState } from './organisation-import.state';

const at = Date.parse('2026-12-03T10:00:00.000Z');
const running: OrganisationImportState = {
  importId: 'imp_1',
  actor: 'user:coordinator',
  status: 'running',
  total: 10,
  counts: { created: 3, updated: 1, unchanged: 0, failed: 1 },
  regions: ['17'],
  startedAt: new Date(at).toISOString(),
  updatedAt: new Date(at).toISOString(),
  rows: [{ row: 4, status: 'failed', errors: [{ field: 'kind', message: 'kind must be one of …' }] }],
};

describe('presentImport', () => {
  it('shows the counts and what is processed so far', () => {
    expect(presentImport(running, at + 1000)).toMatchObject({
      id: 'imp_1',
      status: 'running',
      total: 10,
      processed: 5,
      created: 3,
      failed: 1,
    });
  });

  it('calls a running import without progress for a minute interrupted (its service stopped)', () => {
    expect(presentImport(running, at + IMPORT_STALE_MS + 1).status).toBe('interrupted');
    expect(presentImport({ ...running, status: 'completed' }, at + IMPORT_STALE_MS + 1).status).toBe('completed');
  });
});
