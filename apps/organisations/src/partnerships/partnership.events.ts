import { PARTNERSHIP_CHANGED_V1, TOPICS, type PartnershipChangedV1 } from '@yp/contracts-events';
import { currentContext, currentCorrelationId } from '@yp/shared-context';
import { encodeEvent } from '@yp/shared-kafka';
import type { OutboxRecord } from '@yp/shared-persistence';
import type { PartnershipState } from './partnership.state';

/**
 * The agreement after a change, committed with it (the change log is the outbox). A deletion is a
 * change too: the last state with `deletedAt`, so consumers drop their copy.
 */
export function partnershipChanged(s: PartnershipState, version: number): OutboxRecord {
  return encodeEvent<PartnershipChangedV1>({
    topic: TOPICS.organisations,
    source: '/yhteispeli/organisations',
    subject: s.partnershipId,
    actor: currentContext()?.actor ?? 'system:organisations',
    correlationId: currentCorrelationId(),
    aggregateVersion: version,
    type: PARTNERSHIP_CHANGED_V1,
    data: {
      partnershipId: s.partnershipId,
      municipality: s.municipality,
      regions: [s.region],
      partnerOrganisationIds: s.partnerOrganisationIds,
      title: s.title,
      themes: s.themes,
      startsOn: s.startsOn,
      ...(s.endsOn ? { endsOn: s.endsOn } : {}),
      status: s.status,
      updatedAt: s.updatedAt,
      ...(s.deletedAt ? { deletedAt: s.deletedAt } : {}),
    },
  });
}
