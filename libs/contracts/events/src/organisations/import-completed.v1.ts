import { Type, type Static } from '@sinclair/typebox';
import type { EventContract } from '../envelope';
import { TOPICS } from '../topics';

export const IMPORT_COMPLETED_V1 = 'organisations.import.completed.v1';
export const ImportCompletedV1Schema = Type.Object(
  {
    importId: Type.String({ minLength: 1 }),
    rows: Type.Integer({ minimum: 0, description: 'Data rows in the file' }),
    regions: Type.Array(Type.String({ pattern: '^[0-9]{2}$' }), {
      description: 'Regions of the municipalities the file names (where webhook subscriptions by region receive it)',
    }),
    created: Type.Integer({
      minimum: 0,
      description: 'Organisations registered: as many `organisations.organisation.registered.v1` events carry this bulkid',
    }),
    updated: Type.Integer({ minimum: 0, description: 'Organisations changed' }),
    unchanged: Type.Integer({ minimum: 0 }),
    failed: Type.Integer({ minimum: 0, description: 'Rows refused (see the import report, GET /api/v1/organisation-imports/{id})' }),
    completedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: true },
);
export type ImportCompletedV1 = Static<typeof ImportCompletedV1Schema>;

export const importCompletedV1: EventContract<typeof ImportCompletedV1Schema, typeof IMPORT_COMPLETED_V1> = {
  type: IMPORT_COMPLETED_V1,
  topic: TOPICS.organisations,
  aggregate: 'import',
  description:
    'A bulk import went through every row of its file, with the counts of its report. Published after the events of its rows were committed (they may still arrive later on other partitions: count them by `bulkid`).',
  schema: ImportCompletedV1Schema,
  fixture: {
    specversion: '1.0',
    id: '3a1f9b52-4d6e-4c8f-8021-8b7c6d5e4f32',
    type: IMPORT_COMPLETED_V1,
    source: '/yhteispeli/organisations',
    subject: 'imp_9b1f6c3e2d4a4f5e8a7b6c5d4e3f2a1b',
    time: '2026-12-03T09:00:21.000Z',
    datacontenttype: 'application/json',
    actor: 'user:coordinator',
    correlationid: 'c0ffee00-0000-4000-8000-000000000101',
    aggregateversion: 2,
    bulkid: 'imp_9b1f6c3e2d4a4f5e8a7b6c5d4e3f2a1b',
    data: {
      importId: 'imp_9b1f6c3e2d4a4f5e8a7b6c5d4e3f2a1b',
      rows: 1000,
      regions: ['17'],
      created: 980,
      updated: 12,
      unchanged: 3,
      failed: 5,
      completedAt: '2026-12-03T09:00:21.000Z',
    },
  },
};
