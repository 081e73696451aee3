import { CONTACT_ERASED_V1, CONTACT_RECORD_V1, TOPICS, validateContactRecord } from '@yp/contracts-events';
import { aggregateEvents, keyedRecord } from '@yp/shared-kafka';
import type { OutboxRecord } from '@yp/shared-persistence';
import type { ContactState } from './contact.state';

const personEvent = aggregateEvents({ service: 'organisations', aggregate: 'person' });

/**
 * The person's contact data on the compacted contacts topic, keyed by person id: what notifications
 * needs to address them (name, email, language; no phone or title — data minimisation).
 */
export function contactRecord(state: ContactState): OutboxRecord {
  return keyedRecord(
    TOPICS.organisationContacts,
    state.personId,
    validateContactRecord({
      schema: CONTACT_RECORD_V1,
      personId: state.personId,
      name: state.name,
      email: state.email,
      language: state.language,
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
