import { Type, type Static } from '@sinclair/typebox';
import type { EventContract } from '../envelope';
import { TOPICS } from '../topics';

export const ORGANISATION_DELETED_V1 = 'organisations.organisation.deleted.v1';
export const OrganisationDeletedV1Schema = Type.Object(
  {
    organisationId: Type.String({ minLength: 1 }),
    deletedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: true },
);
export type OrganisationDeletedV1 = Static<typeof OrganisationDeletedV1Schema>;

export const organisationDeletedV1: EventContract<typeof OrganisationDeletedV1Schema, typeof ORGANISATION_DELETED_V1> = {
  type: ORGANISATION_DELETED_V1,
  topic: TOPICS.organisations,
  aggregate: 'organisation',
  description:
    'An organisation was removed from the register (a mistaken or duplicate entry; leaving the network is `archived`). Projections drop it; the register keeps a tombstone for incremental sync.',
  schema: OrganisationDeletedV1Schema,
  fixture: {
    specversion: '1.0',
    id: '5a1f0c3e-8b2d-4e6f-9a7b-1c2d3e4f5a6b',
    type: ORGANISATION_DELETED_V1,
    source: '/yhteispeli/organisations',
    subject: 'org_01JD6Z7T3K4V5W6X7Y8Z9A0B1C',
    time: '2026-11-23T12:00:00.000Z',
    datacontenttype: 'application/json',
    actor: 'user:admin',
    correlationid: 'c0ffee00-0000-4000-8000-000000000003',
    aggregateversion: 3,
    data: { organisationId: 'org_01JD6Z7T3K4V5W6X7Y8Z9A0B1C', deletedAt: '2026-11-23T12:00:00.000Z' },
  },
};
