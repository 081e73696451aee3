import { LIAISON_OFFICER_ASSIGNED_V1, LIAISON_OFFICER_REMOVED_V1 } from '@yp/contracts-events';
import { aggregateEvents } from '@yp/shared-kafka';
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
