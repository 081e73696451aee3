import { Type, type Static } from '@sinclair/typebox';
import type { EventContract } from '../envelope';
import { TOPICS } from '../topics';

export const LIAISON_OFFICER_ASSIGNED_V1 = 'organisations.liaison-officer.assigned.v1';

/**
 * Ids only: the officer's name, email and language travel on the compacted contacts topic
 * (`ContactRecordV1`), where an erasure leaves a tombstone and no copy behind.
 */
export const LiaisonOfficerAssignedV1Schema = Type.Object(
  {
    liaisonOfficerId: Type.String({ minLength: 1 }),
    personId: Type.String({ minLength: 1 }),
    organisationId: Type.Optional(Type.String({ minLength: 1 })),
    municipalities: Type.Array(Type.String({ pattern: '^[0-9]{3}$' }), { minItems: 1 }),
    regions: Type.Array(Type.String({ pattern: '^[0-9]{2}$' })),
    /** Optional, added in place: a named health and social services centre (sote-keskus) of the area. */
    healthCentre: Type.Optional(Type.String({ maxLength: 200 })),
    /** Optional, added in place: the period of the appointment (dates, Europe/Helsinki). */
    activeFrom: Type.Optional(Type.String({ format: 'date' })),
    activeTo: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: true },
);
export type LiaisonOfficerAssignedV1 = Static<typeof LiaisonOfficerAssignedV1Schema>;

export const liaisonOfficerAssignedV1: EventContract<typeof LiaisonOfficerAssignedV1Schema, typeof LIAISON_OFFICER_ASSIGNED_V1> = {
  type: LIAISON_OFFICER_ASSIGNED_V1,
  topic: TOPICS.organisations,
  aggregate: 'liaison-officer',
  description: 'A person became the liaison officer (järjestöyhdyshenkilö) for one or more municipalities.',
  schema: LiaisonOfficerAssignedV1Schema,
  fixture: {
    specversion: '1.0',
    id: '5b0e6c8e-2f7a-4c1b-9d7e-6e1a2b3c4d03',
    type: LIAISON_OFFICER_ASSIGNED_V1,
    source: '/yhteispeli/organisations',
    subject: 'lo_01JD6Z7T3K4V5W6X7Y8Z9A0B1D',
    time: '2026-11-23T09:00:00.000Z',
    datacontenttype: 'application/json',
    actor: 'user:admin',
    correlationid: 'c0ffee00-0000-4000-8000-000000000003',
    aggregateversion: 1,
    data: {
      liaisonOfficerId: 'lo_01JD6Z7T3K4V5W6X7Y8Z9A0B1D',
      personId: 'per_01JD6Z7T3K4V5W6X7Y8Z9A0B1E',
      municipalities: ['615'],
      regions: ['17'],
    },
  },
};
