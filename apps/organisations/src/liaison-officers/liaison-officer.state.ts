import type { Language } from '@yp/contracts-http';

/** A liaison officer (järjestöyhdyshenkilö). Personal data stays in this service's database. */
export interface LiaisonOfficerState {
  liaisonOfficerId: string;
  personId: string;
  name: string;
  email: string;
  language: Language;
  municipalities: string[];
  regions: string[];
  organisationId?: string;
  assignedAt: string;
}

/** The fields a GDPR erasure overwrites (in the latest state and in every change-log version). */
export const LIAISON_OFFICER_PERSONAL_FIELDS = ['name', 'email', 'language'] as const;
