import type { Static } from '@sinclair/typebox';
import type { EventContract } from '../envelope';
import { TOPICS } from '../topics';
import { OrganisationSnapshotSchema } from './organisation-snapshot';

export const ORGANISATION_REGISTERED_V1 = 'organisations.organisation.registered.v1';
export const OrganisationRegisteredV1Schema = OrganisationSnapshotSchema;
export type OrganisationRegisteredV1 = Static<typeof OrganisationRegisteredV1Schema>;

export const organisationRegisteredV1: EventContract<typeof OrganisationRegisteredV1Schema, typeof ORGANISATION_REGISTERED_V1> = {
  type: ORGANISATION_REGISTERED_V1,
  topic: TOPICS.organisations,
  aggregate: 'organisation',
  description: 'A partner organisation was registered. Carries its public state; never personal data.',
  schema: OrganisationRegisteredV1Schema,
  fixture: {
    specversion: '1.0',
    id: '7a4b3f0e-0c56-4c55-9b7e-3f7f0f2f4a11',
    type: ORGANISATION_REGISTERED_V1,
    source: '/yhteispeli/organisations',
    subject: 'org_01JD6Z7T3K4V5W6X7Y8Z9A0B1C',
    time: '2026-11-23T10:00:00.000Z',
    datacontenttype: 'application/json',
    actor: 'user:admin',
    correlationid: 'c0ffee00-0000-4000-8000-000000000001',
    aggregateversion: 1,
    data: {
      organisationId: 'org_01JD6Z7T3K4V5W6X7Y8Z9A0B1C',
      kind: 'association',
      name: { fi: 'Pudasjärven Kyläyhdistys ry', sv: 'Pudasjärvi byförening rf' },
      businessId: '1572860-0',
      municipalities: ['615'],
      regions: ['17'],
      status: 'active',
    },
  },
};
