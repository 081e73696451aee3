import { PARTNERSHIP_CHANGED_V1 } from '@yp/contracts-events';
import { aggregateEvents } from '@yp/shared-kafka';
import type { OutboxRecord } from '@yp/shared-persistence';
import type { PartnershipState } from './partnership.state';

const partnershipEvent = aggregateEvents({ service: 'organisations', aggregate: 'partnership' });

/**
 * The agreement after a change, committed with it (the change log is the outbox). A deletion is a
 * change too: the last state with `deletedAt`, so consumers drop their copy.
 */
export function partnershipChanged(s: PartnershipState, version: number): OutboxRecord {
  return partnershipEvent(PARTNERSHIP_CHANGED_V1, s.partnershipId, version, {
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
  });
}
