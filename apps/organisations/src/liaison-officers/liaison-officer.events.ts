import {
  CONTACT_RECORD_V1,
  LIAISON_OFFICER_ASSIGNED_V1,
  LIAISON_OFFICER_REMOVED_V1,
  TOPICS,
  validateContactRecord,
  type ContactRecordV1,
  type LiaisonOfficerAssignedV1,
  type LiaisonOfficerRemovedV1,
} from '@yp/contracts-events';
import { currentContext, currentCorrelationId } from '@yp/shared-context';
import { CORRELATION_HEADER, encodeEvent } from '@yp/shared-kafka';
import type { OutboxRecord } from '@yp/shared-persistence';
import type { LiaisonOfficerState } from './liaison-officer.state';

export function liaisonOfficerAssigned(state: LiaisonOfficerState, version: number): OutboxRecord {
  return encodeEvent<LiaisonOfficerAssignedV1>({
    type: LIAISON_OFFICER_ASSIGNED_V1,
    topic: TOPICS.organisations,
    source: '/yhteispeli/organisations',
    subject: state.liaisonOfficerId,
    actor: currentContext()?.actor ?? 'system:organisations',
    correlationId: currentCorrelationId(),
    aggregateVersion: version,
    data: {
      liaisonOfficerId: state.liaisonOfficerId,
      personId: state.personId,
      ...(state.organisationId ? { organisationId: state.organisationId } : {}),
      municipalities: state.municipalities,
      regions: state.regions,
      ...(state.healthCentre ? { healthCentre: state.healthCentre } : {}),
      ...(state.activeFrom ? { activeFrom: state.activeFrom } : {}),
      ...(state.activeTo ? { activeTo: state.activeTo } : {}),
    },
  });
}

export function liaisonOfficerRemoved(state: LiaisonOfficerState, version: number): OutboxRecord {
  return encodeEvent<LiaisonOfficerRemovedV1>({
    type: LIAISON_OFFICER_REMOVED_V1,
    topic: TOPICS.organisations,
    source: '/yhteispeli/organisations',
    subject: state.liaisonOfficerId,
    actor: currentContext()?.actor ?? 'system:organisations',
    correlationId: currentCorrelationId(),
    aggregateVersion: version,
    data: { liaisonOfficerId: state.liaisonOfficerId, personId: state.personId, removedAt: state.removedAt ?? new Date().toISOString() },
  });
}

/** The person's contact data on the compacted contacts topic (erasure will write a tombstone). */
export function contactRecord(state: LiaisonOfficerState): OutboxRecord {
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
