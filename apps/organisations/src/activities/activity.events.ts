import { ACTIVITY_PUBLISHED_V1, ACTIVITY_WITHDRAWN_V1 } from '@yp/contracts-events';
import { aggregateEvents } from '@yp/shared-kafka';
import type { OutboxRecord } from '@yp/shared-persistence';
import type { ActivityState } from './activity.state';

const activityEvent = aggregateEvents({ service: 'organisations', aggregate: 'activity' });

/** Published, or a published activity changed. Drafts publish nothing: they are not public yet. */
export function activityPublished(s: ActivityState, version: number): OutboxRecord {
  return activityEvent(ACTIVITY_PUBLISHED_V1, s.activityId, version, {
    activityId: s.activityId,
    organisationId: s.organisationId,
    name: { fi: s.name.fi, ...(s.name.sv ? { sv: s.name.sv } : {}), ...(s.name.en ? { en: s.name.en } : {}) },
    type: s.type,
    deliveryModes: s.deliveryModes,
    themes: s.themes,
    lifeStages: s.lifeStages,
    municipalities: s.municipalities,
    regions: s.regions,
    villages: s.villages,
    languages: s.languages,
    free: s.cost.free,
    ...(s.validFrom ? { validFrom: s.validFrom } : {}),
    ...(s.validTo ? { validTo: s.validTo } : {}),
  });
}

export function activityWithdrawn(s: ActivityState, version: number): OutboxRecord {
  return activityEvent(ACTIVITY_WITHDRAWN_V1, s.activityId, version, {
    activityId: s.activityId,
    organisationId: s.organisationId,
    withdrawnAt: s.updatedAt,
  });
}
