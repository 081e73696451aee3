import type { OrganisationResponseDto } from '@yp/contracts-http';
import type { Loaded } from '@yp/shared-persistence';
import type { OrganisationState } from './organisation.state';

export function presentOrganisation({ id, version, state }: Loaded<OrganisationState>): OrganisationResponseDto {
  return {
    id,
    version,
    kind: state.kind,
    name: state.name,
    ...(state.businessId ? { businessId: state.businessId } : {}),
    ...(state.associationRegisterNumber ? { associationRegisterNumber: state.associationRegisterNumber } : {}),
    ...(state.description ? { description: state.description } : {}),
    ...(state.postalAddress ? { postalAddress: state.postalAddress } : {}),
    municipalities: state.municipalities,
    regions: state.regions,
    themes: state.themes ?? [],
    lifeStages: state.lifeStages ?? [],
    activityTypes: state.activityTypes ?? [],
    deliveryModes: state.deliveryModes ?? [],
    ...(state.website ? { website: state.website } : {}),
    ...(state.email ? { email: state.email } : {}),
    ...(state.phone ? { phone: state.phone } : {}),
    status: state.status,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}

export const etagOf = (version: number) => `"${version}"`;
