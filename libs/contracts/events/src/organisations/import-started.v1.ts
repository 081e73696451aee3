import { Type, type Static } from '@sinclair/typebox';
import type { EventContract } from '../envelope';
import { TOPICS } from '../topics';

export const IMPORT_STARTED_V1 = 'organisations.import.started.v1';
export const ImportStartedV1Schema = Type.Object(
  {
    importId: Type.String({ minLength: 1, description: 'The import; also the envelope `bulkid` of every event it causes' }),
    rows: Type.Integer({ minimum: 0, description: 'Data rows in the file' }),
    regions: Type.Array(Type.String({ pattern: '^[0-9]{2}$' }), {
      description: 'Regions of the municipalities the file names (where webhook subscriptions by region receive it)',
    }),
    startedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: true },
);
export type ImportStartedV1 = Static<typeof ImportStartedV1Schema>;

export const importStartedV1: EventContract<typeof ImportStartedV1Schema, typeof IMPORT_STARTED_V1> = {
  type: IMPORT_STARTED_V1,
  topic: TOPICS.organisations,
  aggregate: 'import',
  description:
    'A bulk import of organisations (a CSV file) started. The registrations and changes it makes follow as ordinary events whose envelope `bulkid` is this `importId`; `organisations.import.completed.v1` closes it. An import that stops half-way (the service killed) has no completed event.',
  schema: ImportStartedV1Schema,
  fixture: {
    specversion: '1.0',
    id: '2f0e8a41-3c5d-4b7e-9f10-7a6b5c4d3e21',
    type: IMPORT_STARTED_V1,
    source: '/yhteispeli/organisations',
    subject: 'imp_9b1f6c3e2d4a4f5e8a7b6c5d4e3f2a1b',
    time: '2026-12-03T09:00:00.000Z',
    datacontenttype: 'application/json',
    actor: 'user:coordinator',
    correlationid: 'c0ffee00-0000-4000-8000-000000000101',
    aggregateversion: 1,
    bulkid: 'imp_9b1f6c3e2d4a4f5e8a7b6c5d4e3f2a1b',
    data: { importId: 'imp_9b1f6c3e2d4a4f5e8a7b6c5d4e3f2a1b', rows: 1000, regions: ['17'], startedAt: '2026-12-03T09:00:00.000Z' },
  },
};
