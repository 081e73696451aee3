import type { FieldError } from '@yp/shared-bootstrap';
import { isEmail } from 'class-validator';
import { invalidInvitation } from './calendar.errors';
import { HELSINKI } from './europe-helsinki.vtimezone';
import { LANGUAGES } from '@notifications/vocabulary';
import type { InvitationMethod, MeetingInvitation } from './meeting-invitation';
import { temporal, type PlainDateTime } from './temporal';

/** A checked invitation with its times parsed: what the renderer builds the .ics from. */
export interface ValidInvitation {
  readonly invitation: MeetingInvitation;
  readonly start: PlainDateTime;
  readonly end: PlainDateTime;
  readonly created: Date;
  readonly lastModified: Date;
}

const METHODS: readonly InvitationMethod[] = ['REQUEST', 'CANCEL'];
/** SEQUENCE is an RFC 5545 INTEGER: a signed 32-bit value. */
const MAX_SEQUENCE = 2_147_483_647;
/** Printable ASCII without spaces: what every client stores and compares as a UID without surprises. */
const UID_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Wall-clock only: an offset or `Z` here would silently be ignored by Temporal.PlainDateTime. */
const WALL_CLOCK_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** Array.isArray without its type guard, which would turn a readonly array into any[]. */
const isList = (value: unknown): boolean => Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/** Checks everything a client would choke on, collecting every problem before throwing one error. */
export function validateInvitation(invitation: MeetingInvitation): ValidInvitation {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message: `${field} ${message}` });

  if (typeof invitation.uid !== 'string' || !UID_PATTERN.test(invitation.uid)) {
    fail('uid', 'must be 1–255 printable ASCII characters without spaces (e.g. <meetingId>@yhteispeli.fi)');
  }
  if (!METHODS.includes(invitation.method)) fail('method', `must be one of ${METHODS.join(', ')}`);
  if (!Number.isInteger(invitation.sequence) || invitation.sequence < 0 || invitation.sequence > MAX_SEQUENCE) {
    fail('sequence', 'must be an integer from 0 to 2147483647');
  } else if (invitation.method === 'CANCEL' && invitation.sequence < 1) {
    fail('sequence', 'must be at least 1 for a CANCEL: a cancellation raises the SEQUENCE of the invitation it cancels');
  }

  if (!isText(invitation.summary)) fail('summary', 'must not be empty');
  if (typeof invitation.description !== 'string') fail('description', 'must be a string');
  if (invitation.location !== undefined && !isText(invitation.location)) fail('location', 'must not be empty when given');
  if (invitation.onlineUrl !== undefined && !isWebUrl(invitation.onlineUrl)) fail('onlineUrl', 'must be an http(s) URL');

  const start = wallClock(invitation.start, 'start', fail);
  const end = wallClock(invitation.end, 'end', fail);
  if (start && end && end.instant <= start.instant) fail('end', 'must be after start');

  person(invitation.organizer, 'organizer', fail);
  if (!isList(invitation.attendees) || invitation.attendees.length === 0) {
    fail('attendees', 'must name at least one attendee');
  } else {
    const seen = new Set<string>();
    invitation.attendees.forEach((attendee, i) => {
      person(attendee, `attendees.${i}`, fail);
      if (attendee.language !== undefined && !LANGUAGES.includes(attendee.language)) {
        fail(`attendees.${i}.language`, `must be one of ${LANGUAGES.join(', ')}`);
      }
      const key = typeof attendee.email === 'string' ? attendee.email.toLowerCase() : '';
      if (key && seen.has(key)) fail(`attendees.${i}.email`, 'appears twice');
      seen.add(key);
    });
  }

  const created = instant(invitation.created, 'created', fail);
  const lastModified = instant(invitation.lastModified, 'lastModified', fail);
  if (created && lastModified && lastModified < created) fail('lastModified', 'must not be before created');

  if (errors.length > 0 || !start || !end || !created || !lastModified) throw invalidInvitation(errors);
  return { invitation, start: start.local, end: end.local, created, lastModified };
}

type Fail = (field: string, message: string) => void;

function wallClock(value: unknown, field: string, fail: Fail): { local: PlainDateTime; instant: number } | undefined {
  if (typeof value !== 'string' || !WALL_CLOCK_PATTERN.test(value)) {
    fail(field, `must be a Europe/Helsinki wall-clock date-time YYYY-MM-DDTHH:mm[:ss] without offset, got ${JSON.stringify(value)}`);
    return undefined;
  }
  let local: PlainDateTime;
  try {
    local = temporal().PlainDateTime.from(value, { overflow: 'reject' });
  } catch {
    fail(field, `${value} is not a calendar date-time`);
    return undefined;
  }
  try {
    // 'reject': 03:30 on the last Sunday of March never happens in Helsinki, and 03:30 on the last
    // Sunday of October happens twice; either would be a guess on our side and on every client's.
    return { local, instant: local.toZonedDateTime(HELSINKI, { disambiguation: 'reject' }).epochMilliseconds };
  } catch {
    fail(field, `${value} is skipped or repeated by a daylight-saving change in Europe/Helsinki; choose another time`);
    return undefined;
  }
}

function instant(value: unknown, field: string, fail: Fail): Date | undefined {
  try {
    if (typeof value !== 'string') throw new TypeError();
    return new Date(temporal().Instant.from(value).epochMilliseconds);
  } catch {
    fail(field, `must be an ISO 8601 instant with Z or an offset, got ${JSON.stringify(value)}`);
    return undefined;
  }
}

function person(value: { name?: unknown; email?: unknown } | undefined, field: string, fail: Fail): void {
  if (!isText(value?.name)) fail(`${field}.name`, 'must not be empty');
  if (typeof value?.email !== 'string' || !isEmail(value.email)) fail(`${field}.email`, 'must be an email address');
}

function isWebUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:';
}
