import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  ICalEventTransparency,
  type ICalAttendeeData,
} from 'ical-generator';
import { HELSINKI, vtimezoneFor } from './europe-helsinki.vtimezone';
import type { InvitationMethod, MeetingInvitation, RenderedInvitation } from './meeting-invitation';
import { validateInvitation, type ValidInvitation } from './validate-invitation';

export * from './meeting-invitation';

export interface RenderOptions {
  /** DTSTAMP: when this message is created (RFC 5546), not when the meeting changed. */
  readonly now?: Date;
}

const PROD_ID = { company: 'Yhteispeli', product: 'Notifications', language: 'EN' };

const FILENAMES: Record<InvitationMethod, string> = { REQUEST: 'invitation.ics', CANCEL: 'cancellation.ics' };

/**
 * Renders a meeting invitation (METHOD:REQUEST) or its cancellation (METHOD:CANCEL) as an iTIP
 * message that Outlook and Google Calendar show with Accept/Decline, or remove from the calendar.
 *
 * ical-generator writes the text (escaping, 75-octet folding, CRLF); this function chooses what an
 * invitation needs: METHOD on the VCALENDAR (without it Outlook shows "not supported calendar
 * message"), the same METHOD in nodemailer's MIME type (Outlook rejects a mismatch), a stable UID
 * with a rising SEQUENCE (Outlook keeps the revision with the highest one), UTC DTSTAMP/CREATED/
 * LAST-MODIFIED, and start/end as TZID=Europe/Helsinki wall-clock with its VTIMEZONE.
 * Throws AppError CALENDAR.INVALID_INVITATION listing every invalid field.
 */
export function renderInvitation(invitation: MeetingInvitation, options: RenderOptions = {}): RenderedInvitation {
  const valid = validateInvitation(invitation);
  const { method } = invitation;
  // ical-generator ends the object without a line break; RFC 5545 ends every content line with CRLF.
  const ics = `${buildCalendar(valid, options.now ?? new Date()).toString()}\r\n`;
  return {
    ics,
    icalEvent: { method, filename: FILENAMES[method], content: ics },
    contentType: `text/calendar; charset=UTF-8; method=${method}`,
  };
}

function buildCalendar({ invitation, start, end, created, lastModified }: ValidInvitation, now: Date) {
  const cancel = invitation.method === 'CANCEL';
  const calendar = ical({
    prodId: PROD_ID,
    method: cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    // No calendar-wide zone name: with one set, ical-generator writes DTSTAMP, CREATED and
    // LAST-MODIFIED as local times, which RFC 5545 forbids. The generator alone adds the VTIMEZONE
    // for the event's TZID.
    timezone: { name: null, generator: vtimezoneFor },
  });

  calendar.createEvent({
    id: invitation.uid,
    sequence: invitation.sequence,
    stamp: now,
    // PlainDateTime + event time zone: ical-generator writes the wall-clock with TZID, unchanged.
    start,
    end,
    timezone: HELSINKI,
    summary: invitation.summary,
    description: describe(invitation),
    location: invitation.location ?? invitation.onlineUrl ?? null,
    url: invitation.onlineUrl ?? null,
    organizer: { name: invitation.organizer.name, email: invitation.organizer.email },
    attendees: invitation.attendees.map((a): ICalAttendeeData => {
      const attendee: ICalAttendeeData = { name: a.name, email: a.email, role: ICalAttendeeRole.REQ };
      // A cancellation asks for no answer; a request asks each attendee for one.
      return cancel ? attendee : { ...attendee, status: ICalAttendeeStatus.NEEDSACTION, rsvp: true };
    }),
    status: cancel ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    transparency: ICalEventTransparency.OPAQUE,
    created,
    lastModified,
  });
  return calendar;
}

/** Outlook does not show the URL property: the remote link also goes into the description. */
function describe({ description, onlineUrl }: MeetingInvitation): string {
  if (!onlineUrl || description.includes(onlineUrl)) return description;
  return description ? `${description}\n\n${onlineUrl}` : onlineUrl;
}
