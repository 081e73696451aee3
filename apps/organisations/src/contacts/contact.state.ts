import type { Language } from '@yp/contracts-http';

/**
 * A contact person (yhteyshenkilö) of an organisation, as stored. Personal data stays in this
 * service's database; its id is the person id (`per_…`), the key of the person's record on the
 * compacted contacts topic. Who may see and change it follows the organisation's regions.
 */
export interface ContactState {
  personId: string;
  organisationId: string;
  name: string;
  email: string;
  phone?: string;
  title?: string;
  language: Language;
  createdAt: string;
  updatedAt: string;
}

/** The fields erasure overwrites (in the latest state and in every change-log version). */
export const CONTACT_PERSONAL_FIELDS = ['name', 'email', 'phone', 'title', 'language'] as const;
