import { AppError } from '@yp/shared-bootstrap';
import ICAL from 'ical.js';
import MailComposer from 'nodemailer/lib/mail-composer';
import { meetingUid, renderInvitation, type MeetingInvitation } from './ics';

// Every assertion reads the .ics back through ical.js, an independent RFC 5545 parser, rather than
// comparing strings ical-generator happens to write.

const NOW = new Date('2026-02-01T09:15:00Z');

function buildInvitation(overrides: Partial<MeetingInvitation> = {}): MeetingInvitation {
  return {
    uid: meetingUid('6650f1c2a1b2c3d4e5f60718'),
    sequence: 0,
    method: 'REQUEST',
    summary: 'Pudasjärven hyvinvointityöryhmä',
    description: 'Asialista: kyläkyselyn tulokset ja liikkuvat palvelut.',
    location: 'Kunnantalo, Varsitie 7, Pudasjärvi',
    start: '2026-01-15T10:00',
    end: '2026-01-15T11:30',
    organizer: { name: 'Liisa Väänänen', email: 'liisa.vaananen@pudasjarvi.example' },
    attendees: [
      { name: 'Matti Öhman', email: 'matti.ohman@example.fi', language: 'fi' },
      { name: 'Åsa Lindqvist', email: 'asa.lindqvist@example.fi', language: 'sv' },
    ],
    created: '2026-01-02T08:00:00Z',
    lastModified: '2026-01-02T08:00:00Z',
    ...overrides,
  };
}

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

const utcText = (value: unknown) => (value instanceof ICAL.Time ? value.toJSDate().toISOString() : `not a time: ${String(value)}`);

function refusal(invitation: MeetingInvitation): { code: string; fields: string[] } {
  try {
    renderInvitation(invitation, { now: NOW });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const errors = error.extensions['errors'] as { field: string }[];
    return { code: error.code, fields: errors.map((e) => e.field) };
  }
  throw new Error('the invitation was accepted');
}

describe('renderInvitation', () => {
  it('writes a REQUEST that calendars accept as an invitation', () => {
    const { ics } = renderInvitation(buildInvitation(), { now: NOW });
    const { calendar, vevent } = parse(ics);

    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Yhteispeli//Notifications//EN');
    expect(vevent.getFirstPropertyValue('uid')).toBe('6650f1c2a1b2c3d4e5f60718@yhteispeli.fi');
    expect(vevent.getFirstPropertyValue('sequence')).toBe(0);
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    // DTSTAMP, CREATED and LAST-MODIFIED must be UTC ("Z"), not local times.
    for (const [name, expected] of [
      ['dtstamp', '2026-02-01T09:15:00.000Z'],
      ['created', '2026-01-02T08:00:00.000Z'],
      ['last-modified', '2026-01-02T08:00:00.000Z'],
    ]) {
      const value = vevent.getFirstPropertyValue(name);
      expect(value instanceof ICAL.Time && value.zone?.tzid).toBe('UTC');
      expect(utcText(value)).toBe(expected);
    }
  });

  it.each([
    ['winter (EET, +02:00)', '2026-01-15T10:00', '2026-01-15T11:30', '2026-01-15T08:00:00.000Z', '2026-01-15T09:30:00.000Z'],
    [
      'the day summer time begins (EEST, +03:00)',
      '2026-03-29T10:00',
      '2026-03-29T11:30',
      '2026-03-29T07:00:00.000Z',
      '2026-03-29T08:30:00.000Z',
    ],
    ['across the spring switch at 03:00', '2026-03-29T02:30', '2026-03-29T04:30', '2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z'],
    ['the day before summer time ends', '2026-10-24T10:00', '2026-10-24T12:00', '2026-10-24T07:00:00.000Z', '2026-10-24T09:00:00.000Z'],
    ['the day summer time ends', '2026-10-25T10:00', '2026-10-25T12:00', '2026-10-25T08:00:00.000Z', '2026-10-25T10:00:00.000Z'],
  ])('keeps Helsinki wall-clock times with a VTIMEZONE that gives the right instants: %s', (_, start, end, startUtc, endUtc) => {
    const { ics } = renderInvitation(buildInvitation({ start, end }), { now: NOW });
    const { calendar, vevent, event } = parse(ics);

    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Helsinki');
    expect(vevent.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Europe/Helsinki');
    expect(vevent.getFirstProperty('dtend')?.getParameter('tzid')).toBe('Europe/Helsinki');
    // ical.js resolves the TZID through the VTIMEZONE in the file: no built-in zone data helps here.
    expect(event.startDate.zone?.tzid).toBe('Europe/Helsinki');
    expect(event.startDate.toString()).toBe(`${start}:00`);
    expect(utcText(event.startDate)).toBe(startUtc);
    expect(utcText(event.endDate)).toBe(endUtc);
  });

  it('ships a VTIMEZONE that agrees with the runtime time-zone database, 2026–2045', () => {
    const zone = new ICAL.Timezone(
      parse(renderInvitation(buildInvitation(), { now: NOW }).ics).calendar.getFirstSubcomponent('vtimezone')!,
    );
    const Temporal = (globalThis as unknown as { Temporal: TemporalForTest }).Temporal;
    let at = Temporal.ZonedDateTime.from('2026-01-01T00:00[Europe/Helsinki]');
    let transitions = 0;
    let compared = 0;
    for (let next = at.getTimeZoneTransition('next'); next && next.year < 2046; next = at.getTimeZoneTransition('next')) {
      // Wall-clock times just around each transition (the direction a client reads DTSTART in):
      // ical.js with our VTIMEZONE must find the instant the time-zone database finds. Times the
      // autumn switch repeats are skipped; the renderer refuses them.
      for (const delta of [-3_601_000, -1000, 0, 3_600_000]) {
        const wall = Temporal.Instant.fromEpochMilliseconds(next.epochMilliseconds + delta)
          .toZonedDateTimeISO('Europe/Helsinki')
          .toPlainDateTime();
        const earlier = wall.toZonedDateTime('Europe/Helsinki', { disambiguation: 'earlier' }).epochMilliseconds;
        if (earlier !== wall.toZonedDateTime('Europe/Helsinki', { disambiguation: 'later' }).epochMilliseconds) continue;
        const local = new ICAL.Time(
          { year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute, second: wall.second },
          zone,
        );
        expect([wall.toString(), local.toJSDate().getTime()]).toEqual([wall.toString(), earlier]);
        compared += 1;
      }
      transitions += 1;
      at = next;
    }
    expect(transitions).toBe(40);
    expect(compared).toBe(120);
  });

  it('names the organizer and asks every attendee for an answer', () => {
    const { vevent } = parse(renderInvitation(buildInvitation(), { now: NOW }).ics);

    const organizer = vevent.getFirstProperty('organizer');
    expect(organizer?.getFirstValue()).toBe('mailto:liisa.vaananen@pudasjarvi.example');
    expect(organizer?.getParameter('cn')).toBe('Liisa Väänänen');

    const attendees = vevent.getAllProperties('attendee').map((p) => ({
      address: String(p.getFirstValue()).toLowerCase(),
      cn: p.getParameter('cn'),
      role: p.getParameter('role'),
      partstat: p.getParameter('partstat'),
      rsvp: p.getParameter('rsvp'),
    }));
    expect(attendees).toEqual([
      { address: 'mailto:matti.ohman@example.fi', cn: 'Matti Öhman', role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION', rsvp: 'TRUE' },
      { address: 'mailto:asa.lindqvist@example.fi', cn: 'Åsa Lindqvist', role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION', rsvp: 'TRUE' },
    ]);
  });

  it('sends an update under the same UID with a higher SEQUENCE', () => {
    const first = parse(renderInvitation(buildInvitation(), { now: NOW }).ics);
    const update = parse(
      renderInvitation(
        buildInvitation({ sequence: 1, start: '2026-01-22T13:00', end: '2026-01-22T14:00', lastModified: '2026-01-05T10:00:00Z' }),
        {
          now: NOW,
        },
      ).ics,
    );

    expect(update.event.uid).toBe(first.event.uid);
    expect(update.event.sequence).toBeGreaterThan(first.event.sequence);
    expect(update.calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(utcText(update.event.startDate)).toBe('2026-01-22T11:00:00.000Z');
    expect(utcText(update.vevent.getFirstPropertyValue('last-modified'))).toBe('2026-01-05T10:00:00.000Z');
  });

  it('cancels under the same UID with METHOD:CANCEL, STATUS:CANCELLED and a raised SEQUENCE', () => {
    const invitation = parse(renderInvitation(buildInvitation({ sequence: 1 }), { now: NOW }).ics);
    const rendered = renderInvitation(buildInvitation({ method: 'CANCEL', sequence: 2 }), { now: NOW });
    const cancel = parse(rendered.ics);

    expect(cancel.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancel.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancel.event.uid).toBe(invitation.event.uid);
    expect(cancel.event.sequence).toBeGreaterThan(invitation.event.sequence);
    // The attendees whose meeting is cancelled are listed, but asked for no answer.
    const attendees = cancel.vevent.getAllProperties('attendee');
    expect(attendees).toHaveLength(2);
    expect(attendees.map((p) => p.getParameter('rsvp'))).toEqual([undefined, undefined]);
    expect(rendered.icalEvent).toEqual({ method: 'CANCEL', filename: 'cancellation.ics', content: rendered.ics });
    expect(rendered.contentType).toBe('text/calendar; charset=UTF-8; method=CANCEL');
  });

  it('keeps Finnish and Swedish characters and iCalendar specials intact', () => {
    const text = {
      summary: 'Kylätalon öljylämmitys; Åland, Närpiö & Ähtäri',
      description: 'Päivän aiheet:\n1. Järjestöyhdyshenkilöt, vapaaehtoistoiminta\n2. "Hyvinvoinnin monipalvelupiste" 🚌',
      location: 'Yli-Iin kylätalo, Ääneläntie 5',
    };
    const { ics } = renderInvitation(buildInvitation(text), { now: NOW });
    const { event } = parse(Buffer.from(ics, 'utf8').toString('utf8'));

    expect(event.summary).toBe(text.summary);
    expect(event.description).toBe(text.description);
    expect(event.location).toBe(text.location);
    expect(Buffer.from(ics, 'utf8').includes(Buffer.from('ä', 'utf8'))).toBe(true);
  });

  it('writes CRLF lines of at most 75 octets, folding long ones without losing text', () => {
    const description = `${'Hyvinvointityöryhmän kokous käsittelee palvelukyläpilotin etenemistä. '.repeat(6)}Loppu.`;
    const { ics } = renderInvitation(buildInvitation({ description }), { now: NOW });

    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.slice(0, -2).split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(3);
    expect(parse(ics).event.description).toBe(description);
  });

  it('puts an online link where Outlook and Google show it', () => {
    const onlineUrl = 'https://teams.example/l/meetup-join/19%3ameeting_abc';
    const online = parse(renderInvitation(buildInvitation({ location: undefined, onlineUrl }), { now: NOW }).ics);
    expect(online.event.location).toBe(onlineUrl);
    expect(online.vevent.getFirstPropertyValue('url')).toBe(onlineUrl);
    expect(online.event.description).toBe(`Asialista: kyläkyselyn tulokset ja liikkuvat palvelut.\n\n${onlineUrl}`);

    const hybrid = parse(renderInvitation(buildInvitation({ onlineUrl }), { now: NOW }).ics);
    expect(hybrid.event.location).toBe('Kunnantalo, Varsitie 7, Pudasjärvi');
    expect(hybrid.event.description).toContain(onlineUrl);
  });

  it('gives nodemailer an icalEvent that becomes a text/calendar part with the same METHOD', async () => {
    const rendered = renderInvitation(buildInvitation(), { now: NOW });
    expect(rendered.icalEvent).toEqual({ method: 'REQUEST', filename: 'invitation.ics', content: rendered.ics });
    expect(rendered.contentType).toBe('text/calendar; charset=UTF-8; method=REQUEST');

    const mime = (
      await new MailComposer({
        from: 'noreply@yhteispeli.example',
        to: 'matti.ohman@example.fi',
        subject: 'Kutsu',
        text: 'Kutsu kokoukseen',
        icalEvent: rendered.icalEvent,
      })
        .compile()
        .build()
    ).toString('utf8');
    const part =
      /Content-Type: text\/calendar; charset=utf-8; method=REQUEST\r\nContent-Transfer-Encoding: (\S+)\r\n\r\n([\s\S]*?)\r\n--/i.exec(mime);
    expect(part).not.toBeNull();
    const [, encoding, body] = part!;
    const decoded = encoding.toLowerCase() === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : decodeQuotedPrintable(body);
    expect(decoded).toBe(rendered.ics);
  });

  it.each<[string, Partial<MeetingInvitation>, string[]]>([
    ['an end before the start', { end: '2026-01-15T09:00' }, ['end']],
    ['an end equal to the start', { end: '2026-01-15T10:00' }, ['end']],
    ['no attendees', { attendees: [] }, ['attendees']],
    ['a negative sequence', { sequence: -1 }, ['sequence']],
    ['a fractional sequence', { sequence: 1.5 }, ['sequence']],
    ['a cancellation that does not raise the sequence', { method: 'CANCEL', sequence: 0 }, ['sequence']],
    ['a start with an offset instead of wall-clock', { start: '2026-01-15T10:00+02:00' }, ['start']],
    ['a date that does not exist', { start: '2026-02-30T10:00', end: '2026-03-01T10:00' }, ['start']],
    ['a time skipped by the spring switch', { start: '2026-03-29T03:30', end: '2026-03-29T05:00' }, ['start']],
    ['a time repeated by the autumn switch', { start: '2026-10-25T03:30', end: '2026-10-25T05:00' }, ['start']],
    ['an invalid attendee email', { attendees: [{ name: 'Matti', email: 'matti.example.fi' }] }, ['attendees.0.email']],
    [
      'the same attendee twice',
      {
        attendees: [
          { name: 'A', email: 'a@example.fi' },
          { name: 'A', email: 'A@example.fi' },
        ],
      },
      ['attendees.1.email'],
    ],
    ['a UID with spaces', { uid: 'meeting 1' }, ['uid']],
    ['a created time without offset', { created: '2026-01-02T08:00' }, ['created']],
    ['a non-web online link', { onlineUrl: 'javascript:alert(1)' }, ['onlineUrl']],
  ])('refuses %s', (_, overrides, fields) => {
    expect(refusal(buildInvitation(overrides))).toEqual({ code: 'CALENDAR.INVALID_INVITATION', fields });
  });

  it('lists every problem at once', () => {
    const invitation = buildInvitation({ summary: ' ', attendees: [], organizer: { name: '', email: 'nobody' }, sequence: -3 });
    expect(refusal(invitation).fields).toEqual(['sequence', 'summary', 'organizer.name', 'organizer.email', 'attendees']);
  });
});

interface TemporalForTest {
  ZonedDateTime: { from(item: string): ZonedForTest };
  Instant: { fromEpochMilliseconds(ms: number): { toZonedDateTimeISO(zone: string): ZonedForTest } };
}

interface ZonedForTest {
  readonly year: number;
  readonly epochMilliseconds: number;
  getTimeZoneTransition(direction: 'next'): ZonedForTest | null;
  toPlainDateTime(): PlainForTest;
}

interface PlainForTest {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  toZonedDateTime(zone: string, options: { disambiguation: 'earlier' | 'later' }): { readonly epochMilliseconds: number };
  toString(): string;
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
