import type { OrganisationKind, OrganisationStatus } from '@yp/contracts-http';

/** The organisation aggregate as stored (the change log keeps every version of it). */
export interface OrganisationState {
  organisationId: string;
  kind: OrganisationKind;
  name: { fi: string; sv?: string; en?: string };
  businessId?: string;
  associationRegisterNumber?: string;
  description?: { fi?: string; sv?: string; en?: string };
  postalAddress?: { street: string; postalCode?: string; postOffice: string };
  municipalities: string[];
  regions: string[];
  themes: string[];
  lifeStages: string[];
  /** What its visible activities offer (kept by OrganisationTouch), for the list filters. */
  activityTypes?: string[];
  deliveryModes?: string[];
  website?: string;
  email?: string;
  phone?: string;
  status: OrganisationStatus;
  createdAt: string;
  updatedAt: string;
  /** Names in every language, lower-case without diacritics, for search (server-owned, not shown). */
  searchText: string;
  /** Set when removed: the state stays as a tombstone for incremental sync. */
  deletedAt?: string;
}

/** "Ähtäri" → "ahtari": lower case, diacritics removed (NFD, combining marks dropped). */
export function searchable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function searchTextOf(name: OrganisationState['name']): string {
  return [name.fi, name.sv, name.en]
    .filter((n): n is string => typeof n === 'string' && n.length > 0)
    .map(searchable)
    .join(' | ');
}
