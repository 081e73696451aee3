import {
  CONTACT_RECORD_V1,
  LIAISON_OFFICER_ASSIGNED_V1,
  LIAISON_OFFICER_REMOVED_V1,
  TOPICS,
  validateContactRecord,
} from '@yp/contracts-events';
import { aggregateEvents, keyedRecord } from '@yp/shared-kafka';
import type { OutboxRecord } from '@yp/shared-persistence';
import type { LiaisonOfficerState } from './liaison-officer.state';

const liaisonOfficerEvent = aggregateEvents({ service: 'organisations', aggregate: 'liaison-officer' });

export function liaisonOfficerAssigned(state: LiaisonOfficerState, version: number): OutboxRecord {
  return liaisonOfficerEvent(LIAISON_OFFICER_ASSIGNED_V1, state.liaisonOfficerId, version, {
    liaisonOfficerId: state.liaisonOfficerId,
    personId: state.personId,
    ...(state.organisationId ? { organisationId: state.organisationId } : {}),
    municipalities: state.municipalities,
    regions: state.regions,
    ...(state.healthCentre ? { healthCentre: state.healthCentre } : {}),
    ...(state.activeFrom ? { activeFrom: state.activeFrom } : {}),
    ...(state.activeTo ? { activeTo: state.activeTo } : {}),
  });
}

export function liaisonOfficerRemoved(state: LiaisonOfficerState, version: number): OutboxRecord {
  return liaisonOfficerEvent(LIAISON_OFFICER_REMOVED_V1, state.liaisonOfficerId, version, {
    liaisonOfficerId: state.liaisonOfficerId,
    personId: state.personId,
    removedAt: state.removedAt ?? new Date().toISOString(),
  });
}

/** The person's contact data on the compacted contacts topic (erasure will write a tombstone). */
export function contactRecord(state: LiaisonOfficerState): OutboxRecord {
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
