import { Type, type Static } from '@sinclair/typebox';
import { TOPICS } from '../topics';

/**
 * Value of a record on the compacted contacts topic, keyed by person id. Not an event: the latest
 * record per key is the truth, and a null value (tombstone) means the person was erased.
 */
export const CONTACT_RECORD_V1 = 'organisations.contact.record.v1';
export const CONTACTS_TOPIC = TOPICS.organisationContacts;

export const ContactRecordV1Schema = Type.Object(
  {
    schema: Type.Literal(CONTACT_RECORD_V1),
    personId: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1 }),
    email: Type.String({ format: 'email' }),
    language: Type.Union([Type.Literal('fi'), Type.Literal('sv'), Type.Literal('en')]),
  },
  { additionalProperties: true },
);
export type ContactRecordV1 = Static<typeof ContactRecordV1Schema>;

export const contactRecordV1Fixture: ContactRecordV1 = {
  schema: CONTACT_RECORD_V1,
  personId: 'per_01JD6Z7T3K4V5W6X7Y8Z9A0B1E',
  name: 'Liisa Yhteyshenkilö',
  email: 'liisa@example.test',
  language: 'fi',
};
