import { Type, type Static } from '@sinclair/typebox';
import type { EventContract } from '../envelope';
import { TOPICS } from '../topics';
import { OrganisationSnapshotSchema } from './organisation-snapshot';

export const ORGANISATION_UPDATED_V1 = 'organisations.organisation.updated.v1';
export const OrganisationUpdatedV1Schema = Type.Composite([
  OrganisationSnapshotSchema,
  Type.Object({ changedFields: Type.Array(Type.String()) }),
]);
export type OrganisationUpdatedV1 = Static<typeof OrganisationUpdatedV1Schema>;

export const organisationUpdatedV1: EventContract<typeof OrganisationUpdatedV1Schema, typeof ORGANISATION_UPDATED_V1> = {
  type: ORGANISATION_UPDATED_V1,
  topic: TOPICS.organisations,
  aggregate: 'organisation',
  description: 'An organisation changed. Carries the full public state after the change and the names of changed fields.',
  schema: OrganisationUpdatedV1Schema,
  fixture: {
    specversion: '1.0',
    id: '0d7c1e55-7d8a-4d0f-a1c3-4f6f4b3f9b02',
    type: ORGANISATION_UPDATED_V1,
    source: '/yhteispeli/organisations',
    subject: 'org_01JD6Z7T3K4V5W6X7Y8Z9A0B1C',
    time: '2026-11-23T11:00:00.000Z',
    datacontenttype: 'application/json',
    actor: 'user:admin',
    correlationid: 'c0ffee00-0000-4000-8000-000000000002',
    aggregateversion: 2,
    data: {
      organisationId: 'org_01JD6Z7T3K4V5W6X7Y8Z9A0B1C',
      kind: 'association',
      name: { fi: 'Pudasjärven Kyläyhdistys ry' },
      municipalities: ['615', '305'],
      regions: ['17'],
      status: 'active',
      changedFields: ['municipalities'],
    },
  },
};
