export const HELSINKI = 'Europe/Helsinki';

/**
 * VTIMEZONE for Europe/Helsinki in the form Outlook imports: one yearly DAYLIGHT and one yearly
 * STANDARD rule (MS-STANOICAL 2.2.47: Outlook approximates any VTIMEZONE to exactly that pair, so
 * a list of dated transitions buys nothing there). The EU rule Finland has followed since 1996:
 * clocks go to EEST (+03:00) on the last Sunday of March at 03:00 local and back to EET (+02:00) on
 * the last Sunday of October at 04:00 local, both at 01:00 UTC. Google reads the TZID as the IANA name; ical.js and
 * Apple read the rules. A unit test checks these rules against the runtime's time-zone database
 * year by year, so a change to Finnish time shows up as a failing test rather than wrong invitations.
 * (`timezones-ical-library` ships the same block for every zone, should we ever need another.)
 */
const HELSINKI_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${HELSINKI}`,
  'BEGIN:DAYLIGHT',
  'TZNAME:EEST',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0300',
  'DTSTART:19700329T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZNAME:EET',
  'TZOFFSETFROM:+0300',
  'TZOFFSETTO:+0200',
  'DTSTART:19701025T040000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/** ical-generator's VTIMEZONE generator: the block for Helsinki, nothing for a zone we do not use. */
export const vtimezoneFor = (timezone: string): string | null => (timezone === HELSINKI ? HELSINKI_VTIMEZONE : null);
