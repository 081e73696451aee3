import { CONTACT_ERASED_V1, CONTACT_RECORD_V1, TOPICS, validateContactRecord } from '@yp/contracts-events';
import { aggregateEvents, keyedRecord } from '@yp/shared-kafka';
import type { OutboxRecord } from '@yp/shared-persistence';

const personEvent = aggregateEvents({ service: 'organisations', aggregate: 'person' });

/** What every person held here (a contact person, a liaison officer) gives to be addressed. */
export interface AddressablePerson {
  readonly personId: string;
  readonly name: string;
  readonly email: string;
  readonly language: string;
}

/**
 * The person's contact data on the compacted contacts topic, keyed by person id: what notifications
 * needs to address them (name, email, language; no phone or title — data minimisation). Contacts and
 * liaison officers both write it; an erasure writes the tombstone.
 */
export function contactRecord(person: AddressablePerson): OutboxRecord {
  return keyedRecord(
    TOPICS.organisationContacts,
    person.personId,
    validateContactRecord({
      schema: CONTACT_RECORD_V1,
      personId: person.personId,
      name: person.name,
      email: person.email,
      language: person.language,
    }),
  );
}

/** The tombstone: compaction then removes every earlier record of the person from Kafka. */
export function contactTombstone(personId: string): OutboxRecord {
  return keyedRecord(TOPICS.organisationContacts, personId, null);
}

/** Ids only, on the ordinary events topic: every projection drops the person. */
export function contactErased(personId: string, erasedAt: string): OutboxRecord {
  return personEvent(CONTACT_ERASED_V1, personId, 1, { personId, erasedAt });
}
