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
  healthCentre?: string;
  /** Dates (YYYY-MM-DD, Europe/Helsinki) bounding the appointment. */
  activeFrom?: string;
  activeTo?: string;
  assignedAt: string;
  /** Set when the appointment was ended; the record stays for history. */
  removedAt?: string;
}

/** The fields a GDPR erasure overwrites (in the latest state and in every change-log version). */
export const LIAISON_OFFICER_PERSONAL_FIELDS = ['name', 'email', 'language'] as const;
