import type { Language } from '@notifications/vocabulary';

/**
 * What a meeting rule hands to the calendar renderer: one meeting, as the organiser sees it now.
 *
 * Times are **local Europe/Helsinki wall-clock** date-times (`2026-03-29T10:00`, seconds optional,
 * no offset, no `Z`), the way the rest of Yhteispeli states local times (activity schedules, HSDS
 * opening hours) and the way a coordinator types a meeting in. The invitation carries them as
 * `DTSTART;TZID=Europe/Helsinki` with a VTIMEZONE, so a meeting at 10:00 stays at 10:00 in every
 * client even if the offset rules change before the meeting; instants would freeze today's offset.
 */
export type InvitationMethod = 'REQUEST' | 'CANCEL';

export interface CalendarPerson {
  readonly name: string;
  readonly email: string;
}

export interface InvitationAttendee extends CalendarPerson {
  /**
   * Not written into the .ics (ical-generator has no LANGUAGE parameter for ATTENDEE, and clients
   * ignore it): it is for the rule that writes the email body around the invitation.
   */
  /** One of our templates' languages: picks the wording of the email around the .ics. */
  readonly language?: Language;
}

export interface MeetingInvitation {
  /** Stable per meeting across every update and the cancellation: use {@link meetingUid}. */
  readonly uid: string;
  /**
   * 0 for the first REQUEST, raised on every update and on the CANCEL: Outlook and Google ignore a
   * message whose SEQUENCE is not above the one they hold. The meeting aggregate's version fits.
   */
  readonly sequence: number;
  readonly method: InvitationMethod;
  readonly summary: string;
  readonly description: string;
  /** A place (`Kunnantalo, Pudasjärvi`); optional for an online-only meeting. */
  readonly location?: string;
  /** The remote link (Teams, Meet, ...); shown as LOCATION when there is no place, and as URL. */
  readonly onlineUrl?: string;
  /** Europe/Helsinki wall-clock, `YYYY-MM-DDTHH:mm[:ss]`. */
  readonly start: string;
  /** Europe/Helsinki wall-clock, `YYYY-MM-DDTHH:mm[:ss]`; after `start`. */
  readonly end: string;
  /** Replies (Accept/Decline) go here: the working group's secretary, not the system sender. */
  readonly organizer: CalendarPerson;
  readonly attendees: readonly InvitationAttendee[];
  /** ISO 8601 instants with `Z` or an offset (as in event envelopes). */
  readonly created: string;
  readonly lastModified: string;
}

/** nodemailer's `icalEvent` option: it sends `content` as the `text/calendar; method=...` alternative. */
export interface NodemailerIcalEvent {
  readonly method: InvitationMethod;
  readonly filename: string;
  readonly content: string;
}

export interface RenderedInvitation {
  /** The iCalendar object: CRLF line endings, folded at 75 octets, UTF-8 text. */
  readonly ics: string;
  /** Pass as `sendMail({ ..., icalEvent })`; keep the message to text, html and this part only. */
  readonly icalEvent: NodemailerIcalEvent;
  /** The MIME type of the calendar part, for a transport other than nodemailer. */
  readonly contentType: string;
}

/** The UID of a meeting's invitations: the same for the first invitation, its updates and its cancellation. */
export const meetingUid = (meetingId: string): string => `${meetingId}@yhteispeli.fi`;
