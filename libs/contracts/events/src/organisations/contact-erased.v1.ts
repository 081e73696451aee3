import { Type, type Static } from '@sinclair/typebox';
import type { EventContract } from '../envelope';
import { TOPICS } from '../topics';

export const CONTACT_ERASED_V1 = 'organisations.contact.erased.v1';

/**
 * A person's personal data was erased (GDPR art. 17). Ids only. Published together with a tombstone
 * for the person on the compacted contacts topic; every projection that holds anything about the
 * person must drop it, and nothing may be sent to them any more (queued emails included).
 */
export const ContactErasedV1Schema = Type.Object(
  {
    personId: Type.String({ pattern: '^per_[a-f0-9]{32}$' }),
    erasedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: true },
);
export type ContactErasedV1 = Static<typeof ContactErasedV1Schema>;

export const contactErasedV1: EventContract<typeof ContactErasedV1Schema, typeof CONTACT_ERASED_V1> = {
  type: CONTACT_ERASED_V1,
  topic: TOPICS.organisations,
  aggregate: 'person',
  description:
    'A person (contact person or liaison officer) was erased. Drop everything held about `personId` and stop sending to them; the contacts topic carries a tombstone for the same key.',
  schema: ContactErasedV1Schema,
  fixture: {
    specversion: '1.0',
    id: '5c2d7e9f-3a8b-4d1c-8e2f-7a1b2c3d4e05',
    type: CONTACT_ERASED_V1,
    source: '/yhteispeli/organisations',
    subject: 'per_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    time: '2026-11-24T09:00:00.000Z',
    datacontenttype: 'application/json',
    actor: 'user:admin',
    correlationid: 'c0ffee00-0000-4000-8000-000000000005',
    aggregateversion: 1,
    data: { personId: 'per_0a1b2c3d4e5f60718293a4b5c6d7e8f9', erasedAt: '2026-11-24T09:00:00.000Z' },
  },
};
