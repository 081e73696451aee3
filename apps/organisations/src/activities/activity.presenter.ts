import type { ActivityResponseDto } from '@yp/contracts-http';
import type { Loaded } from '@yp/shared-persistence';
import { isVisible, type ActivityState } from './activity.state';

export function presentActivity({ id, version, state: s }: Loaded<ActivityState>): ActivityResponseDto {
  return {
    id,
    version,
    organisationId: s.organisationId,
    state: s.publishingState,
    visible: isVisible(s),
    name: s.name,
    ...(s.description ? { description: s.description } : {}),
    type: s.type,
    deliveryModes: s.deliveryModes,
    ...(s.location ? { location: s.location } : {}),
    themes: s.themes,
    lifeStages: s.lifeStages,
    municipalities: s.municipalities,
    regions: s.regions,
    villages: s.villages,
    ...(s.schedule ? { schedule: s.schedule } : {}),
    cost: s.cost,
    languages: s.languages,
    ...(s.accessibility ? { accessibility: s.accessibility } : {}),
    ...(s.contact ? { contact: s.contact } : {}),
    ...(s.validFrom ? { validFrom: s.validFrom } : {}),
    ...(s.validTo ? { validTo: s.validTo } : {}),
    ...(s.publishedAt ? { publishedAt: s.publishedAt } : {}),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
