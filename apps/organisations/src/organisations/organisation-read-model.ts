import type { InMemoryReadModel, ReadModelDefinition } from '@yp/shared-persistence';
import type { OrganisationState } from './organisation.state';

/** The list filters the read model indexes (the public API's query parameters). */
export type OrganisationField = 'municipality' | 'region' | 'kind' | 'status' | 'theme' | 'lifeStage' | 'activityType' | 'deliveryMode';

/** What the organisation lists, search and change feed ask of the latest states. */
export const ORGANISATION_READ_MODEL: ReadModelDefinition<OrganisationState, OrganisationField> = {
  fields: {
    municipality: (s) => s.municipalities,
    region: (s) => s.regions,
    kind: (s) => s.kind,
    status: (s) => s.status,
    theme: (s) => s.themes,
    lifeStage: (s) => s.lifeStages,
    activityType: (s) => s.activityTypes,
    deliveryMode: (s) => s.deliveryModes,
  },
  text: (s) => s.searchText ?? '',
  changedAt: (s) => s.updatedAt,
  // As the store's queries had it (`deletedAt` exists), and as the change feed reports it.
  deleted: (s) => s.deletedAt !== undefined,
};

export type OrganisationReadModel = InMemoryReadModel<OrganisationState, OrganisationField>;
