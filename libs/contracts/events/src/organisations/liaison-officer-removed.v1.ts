import { Type, type Static } from '@sinclair/typebox';
import type { EventContract } from '../envelope';
import { TOPICS } from '../topics';

export const LIAISON_OFFICER_REMOVED_V1 = 'organisations.liaison-officer.removed.v1';

/** Ids only, like the assignment. The person's contact record is not erased by this (see contact.erased). */
export const LiaisonOfficerRemovedV1Schema = Type.Object(
  {
    liaisonOfficerId: Type.String({ minLength: 1 }),
    personId: Type.String({ minLength: 1 }),
    removedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: true },
);
export type LiaisonOfficerRemovedV1 = Static<typeof LiaisonOfficerRemovedV1Schema>;

export const liaisonOfficerRemovedV1: EventContract<typeof LiaisonOfficerRemovedV1Schema, typeof LIAISON_OFFICER_REMOVED_V1> = {
  type: LIAISON_OFFICER_REMOVED_V1,
  topic: TOPICS.organisations,
  aggregate: 'liaison-officer',
  description: 'A person is no longer the liaison officer for their municipalities: projections drop their liaison areas.',
  schema: LiaisonOfficerRemovedV1Schema,
  fixture: {
    specversion: '1.0',
    id: '3d4e5f60-7182-493a-94b5-c6d7e8f90a1b',
    type: LIAISON_OFFICER_REMOVED_V1,
    source: '/yhteispeli/organisations',
    subject: 'lo_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    time: '2026-11-23T14:00:00.000Z',
    datacontenttype: 'application/json',
    actor: 'user:usr_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    correlationid: 'c0ffee00-0000-4000-8000-000000000020',
    aggregateversion: 2,
    data: {
      liaisonOfficerId: 'lo_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      personId: 'per_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      removedAt: '2026-11-23T14:00:00.000Z',
    },
  },
};
