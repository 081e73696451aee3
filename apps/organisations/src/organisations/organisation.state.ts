import type { OrganisationKind, OrganisationStatus } from '@yp/contracts-http';

/** The organisation aggregate as stored (the change log keeps every version of it). */
export interface OrganisationState {
  organisationId: string;
  kind: OrganisationKind;
  name: { fi: string; sv?: string; en?: string };
  businessId?: string;
  description?: { fi?: string; sv?: string; en?: string };
  municipalities: string[];
  regions: string[];
  website?: string;
  email?: string;
  phone?: string;
  status: OrganisationStatus;
  createdAt: string;
  updatedAt: string;
}
