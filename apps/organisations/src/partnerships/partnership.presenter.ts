import type { PartnershipResponseDto } from '@yp/contracts-http';
import type { Loaded } from '@yp/shared-persistence';
import type { PartnershipState } from './partnership.state';

export function presentPartnership({ id, version, state: s }: Loaded<PartnershipState>): PartnershipResponseDto {
  return {
    id,
    version,
    municipality: s.municipality,
    region: s.region,
    partnerOrganisationIds: s.partnerOrganisationIds,
    title: s.title,
    ...(s.description ? { description: s.description } : {}),
    themes: s.themes,
    startsOn: s.startsOn,
    ...(s.endsOn ? { endsOn: s.endsOn } : {}),
    status: s.status,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
