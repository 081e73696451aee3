import type { LiaisonOfficerResponseDto } from '@yp/contracts-http';
import type { Loaded } from '@yp/shared-persistence';
import type { LiaisonOfficerState } from './liaison-officer.state';

export function presentLiaisonOfficer({ id, version, state }: Loaded<LiaisonOfficerState>): LiaisonOfficerResponseDto {
  return {
    id,
    version,
    personId: state.personId,
    name: state.name,
    email: state.email,
    language: state.language,
    municipalities: state.municipalities,
    regions: state.regions,
    ...(state.organisationId ? { organisationId: state.organisationId } : {}),
    ...(state.healthCentre ? { healthCentre: state.healthCentre } : {}),
    ...(state.activeFrom ? { activeFrom: state.activeFrom } : {}),
    ...(state.activeTo ? { activeTo: state.activeTo } : {}),
    ...(state.removedAt ? { removedAt: state.removedAt } : {}),
  };
}
