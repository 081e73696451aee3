import { Type, type Static } from '@sinclair/typebox';
import type { EventContract } from '../envelope';
import { TOPICS } from '../topics';

export const ORGANISATION_ARCHIVED_V1 = 'organisations.organisation.archived.v1';
export const OrganisationArchivedV1Schema = Type.Object(
  {
    organisationId: Type.String({ minLength: 1 }),
    archivedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: true },
);
export type OrganisationArchivedV1 = Static<typeof OrganisationArchivedV1Schema>;

export const organisationArchivedV1: EventContract<typeof OrganisationArchivedV1Schema, typeof ORGANISATION_ARCHIVED_V1> = {
  type: ORGANISATION_ARCHIVED_V1,
  topic: TOPICS.organisations,
  aggregate: 'organisation',
  description:
    'An organisation left the network (status became archived). Published right after the organisation.updated.v1 of the same version, for consumers that only care about leaving; it stays readable and can become active again.',
  schema: OrganisationArchivedV1Schema,
  fixture: {
    specversion: '1.0',
    id: '4e5f6071-8293-44a5-b6c7-d8e9f0a1b2c3',
    type: ORGANISATION_ARCHIVED_V1,
    source: '/yhteispeli/organisations',
    subject: 'org_01JD6Z7T3K4V5W6X7Y8Z9A0B1C',
    time: '2026-11-23T15:00:00.000Z',
    datacontenttype: 'application/json',
    actor: 'user:admin',
    correlationid: 'c0ffee00-0000-4000-8000-000000000030',
    aggregateversion: 4,
    data: { organisationId: 'org_01JD6Z7T3K4V5W6X7Y8Z9A0B1C', archivedAt: '2026-11-23T15:00:00.000Z' },
  },
};
