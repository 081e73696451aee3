import {
  ORGANISATION_ARCHIVED_V1,
  ORGANISATION_DELETED_V1,
  ORGANISATION_REGISTERED_V1,
  ORGANISATION_UPDATED_V1,
  type OrganisationRegisteredV1,
} from '@yp/contracts-events';
import { aggregateEvents } from '@yp/shared-kafka';
import type { OutboxRecord } from '@yp/shared-persistence';
import type { OrganisationState } from './organisation.state';

const organisationEvent = aggregateEvents({ service: 'organisations', aggregate: 'organisation' });

/** Drops absent optional texts (stored documents may hold them as null). */
function localised(name: OrganisationState['name']): OrganisationState['name'] {
  return { fi: name.fi, ...(name.sv ? { sv: name.sv } : {}), ...(name.en ? { en: name.en } : {}) };
}

function snapshot(state: OrganisationState): OrganisationRegisteredV1 {
  return {
    organisationId: state.organisationId,
    kind: state.kind,
    name: localised(state.name),
    ...(state.businessId ? { businessId: state.businessId } : {}),
    municipalities: state.municipalities,
    regions: state.regions,
    status: state.status,
    themes: state.themes ?? [],
    lifeStages: state.lifeStages ?? [],
  };
}

export function organisationArchived(state: OrganisationState, version: number): OutboxRecord {
  return organisationEvent(ORGANISATION_ARCHIVED_V1, state.organisationId, version, {
    organisationId: state.organisationId,
    archivedAt: state.updatedAt,
  });
}

export function organisationDeleted(state: OrganisationState, version: number): OutboxRecord {
  return organisationEvent(ORGANISATION_DELETED_V1, state.organisationId, version, {
    organisationId: state.organisationId,
    deletedAt: state.deletedAt ?? new Date().toISOString(),
  });
}

export function organisationRegistered(state: OrganisationState): OutboxRecord {
  return organisationEvent(ORGANISATION_REGISTERED_V1, state.organisationId, 1, snapshot(state));
}

export function organisationUpdated(state: OrganisationState, version: number, changedFields: string[]): OutboxRecord {
  return organisationEvent(ORGANISATION_UPDATED_V1, state.organisationId, version, { ...snapshot(state), changedFields });
}
