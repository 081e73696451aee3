import {
  ACTIVITY_PUBLISHED_V1,
  ACTIVITY_WITHDRAWN_V1,
  TOPICS,
  type ActivityPublishedV1,
  type ActivityWithdrawnV1,
} from '@yp/contracts-events';
import { currentContext, currentCorrelationId } from '@yp/shared-context';
import { encodeEvent } from '@yp/shared-kafka';
import type { OutboxRecord } from '@yp/shared-persistence';
import type { ActivityState } from './activity.state';

const SOURCE = '/yhteispeli/organisations';

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

/** Published, or a published activity changed. Drafts publish nothing: they are not public yet. */
export function activityPublished(s: ActivityState, version: number): OutboxRecord {
  return encodeEvent<ActivityPublishedV1>({
    ...meta(s.activityId, version),
    type: ACTIVITY_PUBLISHED_V1,
    data: {
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
    },
  });
}

export function activityWithdrawn(s: ActivityState, version: number): OutboxRecord {
  return encodeEvent<ActivityWithdrawnV1>({
    ...meta(s.activityId, version),
    type: ACTIVITY_WITHDRAWN_V1,
    data: { activityId: s.activityId, organisationId: s.organisationId, withdrawnAt: s.updatedAt },
  });
}
