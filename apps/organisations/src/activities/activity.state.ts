import type { ActivityContactDto, ActivityType, CostDto, DeliveryMode, PublishingState, ScheduleDto } from '@yp/contracts-http';
import { canReadRegions, type Identity } from '@yp/shared-bootstrap';

type Localised = { fi?: string; sv?: string; en?: string };

/** What an organisation offers residents. Drafts are visible only to people of its regions. */
export interface ActivityState {
  activityId: string;
  organisationId: string;
  publishingState: PublishingState;
  name: { fi: string; sv?: string; en?: string };
  description?: Localised;
  type: ActivityType;
  deliveryModes: DeliveryMode[];
  location?: { street: string; postalCode?: string; postOffice: string };
  themes: string[];
  lifeStages: string[];
  municipalities: string[];
  regions: string[];
  villages: string[];
  schedule?: ScheduleDto;
  cost: CostDto;
  languages: string[];
  accessibility?: Localised;
  contact?: ActivityContactDto;
  /** ISO 8601 UTC (toISOString), so they compare as strings in queries. */
  validFrom?: string;
  validTo?: string;
  publishedAt?: string;
  createdAt: string;
  updatedAt: string;
  searchText: string;
  /** Set when removed: the state stays as a tombstone (its change log keeps every version). */
  deletedAt?: string;
}

/** Published, inside its validity window and not deleted. */
export function isVisible(
  state: Pick<ActivityState, 'publishingState' | 'validFrom' | 'validTo' | 'deletedAt'>,
  now = new Date().toISOString(),
): boolean {
  return (
    !state.deletedAt &&
    state.publishingState === 'published' &&
    (!state.validFrom || state.validFrom <= now) &&
    (!state.validTo || state.validTo > now)
  );
}

const isKey = (identity: Identity) => identity.roles.includes('integration') || identity.roles.includes('integration-reader');

/**
 * Object-level read rule: visible activities for everyone; drafts, withdrawn and scheduled ones only
 * for people of their regions (and admins) — never for integration keys. A deleted one for nobody.
 */
export function canSeeActivity(identity: Identity, state: ActivityState): boolean {
  if (state.deletedAt) return false;
  if (isVisible(state)) return true;
  return !isKey(identity) && canReadRegions(identity, state.regions);
}

/** The same rule as a query on the states collection (tombstones never match). */
export function visibilityQuery(identity: Identity, now = new Date().toISOString()): Record<string, unknown> {
  const live = { 'state.deletedAt': { $exists: false } };
  const visible = {
    'state.publishingState': 'published',
    $and: [
      { $or: [{ 'state.validFrom': { $exists: false } }, { 'state.validFrom': { $lte: now } }] },
      { $or: [{ 'state.validTo': { $exists: false } }, { 'state.validTo': { $gt: now } }] },
    ],
  };
  if (identity.roles.includes('admin')) return live;
  if (isKey(identity)) return { $and: [live, visible] };
  return { $and: [live, { $or: [visible, { 'state.regions': { $in: [...identity.regions] } }] }] };
}
