import {
  CONTACT_ERASED_V1,
  CONTACT_RECORD_V1,
  TOPICS,
  validateContactRecord,
  type ContactErasedV1,
  type ContactRecordV1,
} from '@yp/contracts-events';
import { currentContext, currentCorrelationId } from '@yp/shared-context';
import { CORRELATION_HEADER, encodeEvent } from '@yp/shared-kafka';
import type { OutboxRecord } from '@yp/shared-persistence';
import type { ContactState } from './contact.state';

/**
 * The person's contact data on the compacted contacts topic, keyed by person id: what notifications
 * needs to address them (name, email, language; no phone or title — data minimisation).
 */
export function contactRecord(state: ContactState): OutboxRecord {
  const value: ContactRecordV1 = validateContactRecord({
    schema: CONTACT_RECORD_V1,
    personId: state.personId,
    name: state.name,
    email: state.email,
    language: state.language,
  });
  return {
    topic: TOPICS.organisationContacts,
    key: state.personId,
    value: JSON.stringify(value),
    headers: { [CORRELATION_HEADER]: currentCorrelationId() },
  };
}

/** The tombstone: compaction then removes every earlier record of the person from Kafka. */
export function contactTombstone(personId: string): OutboxRecord {
  return { topic: TOPICS.organisationContacts, key: personId, value: null, headers: { [CORRELATION_HEADER]: currentCorrelationId() } };
}

/** Ids only, on the ordinary events topic: every projection drops the person. */
export function contactErased(personId: string, erasedAt: string): OutboxRecord {
  return encodeEvent<ContactErasedV1>({
    type: CONTACT_ERASED_V1,
    topic: TOPICS.organisations,
    source: '/yhteispeli/organisations',
    subject: personId,
    actor: currentContext()?.actor ?? 'system:organisations',
    correlationId: currentCorrelationId(),
    aggregateVersion: 1,
    data: { personId, erasedAt },
  });
}
