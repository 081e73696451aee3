import type { PartnershipStatus } from '@yp/contracts-http';

type Localised = { fi?: string; sv?: string; en?: string };

/** A partnership agreement between one municipality and partner organisations. Public register data. */
export interface PartnershipState {
  partnershipId: string;
  municipality: string;
  /** Derived from the municipality. */
  region: string;
  partnerOrganisationIds: string[];
  title: { fi: string; sv?: string; en?: string };
  description?: Localised;
  themes: string[];
  /** YYYY-MM-DD, so they compare as strings. */
  startsOn: string;
  endsOn?: string;
  status: PartnershipStatus;
  createdAt: string;
  updatedAt: string;
  /** Set when the agreement was removed as recorded by mistake: the state stays as a tombstone. */
  deletedAt?: string;
}

const TRANSITIONS: Readonly<Record<PartnershipStatus, readonly PartnershipStatus[]>> = {
  draft: ['active', 'cancelled'],
  active: ['ended', 'cancelled'],
  ended: [],
  cancelled: [],
};

export function canMove(from: PartnershipStatus, to: PartnershipStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export const PARTNERSHIP_ID = /^prt_[a-f0-9]{32}$/;
