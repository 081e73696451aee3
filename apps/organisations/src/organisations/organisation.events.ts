import {
  ORGANISATION_ARCHIVED_V1,
  ORGANISATION_DELETED_V1,
  ORGANISATION_REGISTERED_V1,
  ORGANISATION_UPDATED_V1,
  TOPICS,
  type OrganisationArchivedV1,
  type OrganisationDeletedV1,
  type OrganisationRegisteredV1,
  type OrganisationUpdatedV1,
} from '@yp/contracts-events';
import { currentContext, currentCorrelationId } from '@yp/shared-context';
import { encodeEvent } from '@yp/shared-kafka';
import type { OutboxRecord } from '@yp/shared-persistence';
import type { OrganisationState } from './organisation.state';

const SOURCE = '/yhteispeli/organisations';

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

function meta(subject: string, version: number) {
  return {
    topic: TOPICS.organisations,
    source: SOURCE,
    subject,
    actor: currentContext()?.actor ?? 'system:organisations',
    correlationId: currentCorrelationId(),
    aggregateVersion: version,
  };
}

export function organisationArchived(state: OrganisationState, version: number): OutboxRecord {
  return encodeEvent<OrganisationArchivedV1>({
    ...meta(state.organisationId, version),
    type: ORGANISATION_ARCHIVED_V1,
    data: { organisationId: state.organisationId, archivedAt: state.updatedAt },
  });
}

export function organisationDeleted(state: OrganisationState, version: number): OutboxRecord {
  return encodeEvent<OrganisationDeletedV1>({
    ...meta(state.organisationId, version),
    type: ORGANISATION_DELETED_V1,
    data: { organisationId: state.organisationId, deletedAt: state.deletedAt ?? new Date().toISOString() },
  });
}

export function organisationRegistered(state: OrganisationState): OutboxRecord {
  return encodeEvent<OrganisationRegisteredV1>({
    ...meta(state.organisationId, 1),
    type: ORGANISATION_REGISTERED_V1,
    data: snapshot(state),
  });
}

export function organisationUpdated(state: OrganisationState, version: number, changedFields: string[]): OutboxRecord {
  return encodeEvent<OrganisationUpdatedV1>({
    ...meta(state.organisationId, version),
    type: ORGANISATION_UPDATED_V1,
    data: { ...snapshot(state), changedFields },
  });
}
