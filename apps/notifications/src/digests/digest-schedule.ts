import type { DigestPeriod } from '@notifications/vocabulary';

const ZONE = 'Europe/Helsinki';

/** Helsinki's offset from UTC at an instant, in minutes (120 in winter, 180 in summer). */
function offsetMinutes(at: Date): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+02:00';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The instant of a Helsinki wall-clock time (the hour is never in a DST gap: digests go out in the morning). */
export function helsinkiTime(year: number, month: number, day: number, hour: number): Date {
  const guess = Date.UTC(year, month - 1, day, hour);
  const first = guess - offsetMinutes(new Date(guess)) * 60_000;
  return new Date(guess - offsetMinutes(new Date(first)) * 60_000);
}

function helsinkiDate(at: Date): { year: number; month: number; day: number; weekday: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: ZONE, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday ?? 'Mon');
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), weekday };
}

/**
 * When a digest item collected now goes out: the next `hour` o'clock in Helsinki (daily) or the next
 * Monday at that hour (weekly). `collectMs` > 0 replaces the schedule with "that long from now", for
 * tests and demos.
 */
export function digestDueAt(period: DigestPeriod, now: Date, hour: number, collectMs = 0): Date {
  if (collectMs > 0) return new Date(now.getTime() + collectMs);
  const today = helsinkiDate(now);
  for (let add = 0; add <= 8; add++) {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day + add, 12));
    const weekday = (d.getUTCDay() + 6) % 7;
    if (period === 'weekly' && weekday !== 0) continue;
    const at = helsinkiTime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), hour);
    if (at.getTime() > now.getTime()) return at;
  }
  throw new Error('unreachable: a Monday comes within 8 days');
}
