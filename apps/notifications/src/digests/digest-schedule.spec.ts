import { digestDueAt, helsinkiTime } from './digest-schedule';

describe('digest schedule (Europe/Helsinki)', () => {
  it('converts Helsinki wall-clock hours to UTC in winter and in summer', () => {
    expect(helsinkiTime(2026, 11, 23, 7).toISOString()).toBe('2026-11-23T05:00:00.000Z');
    expect(helsinkiTime(2026, 6, 15, 7).toISOString()).toBe('2026-06-15T04:00:00.000Z');
    // The morning after the spring change (29 March 2026, 03:00 → 04:00).
    expect(helsinkiTime(2026, 3, 29, 7).toISOString()).toBe('2026-03-29T04:00:00.000Z');
  });

  it('daily: the next 07:00 in Helsinki, today if it is still ahead', () => {
    expect(digestDueAt('daily', new Date('2026-11-23T04:59:00Z'), 7).toISOString()).toBe('2026-11-23T05:00:00.000Z');
    expect(digestDueAt('daily', new Date('2026-11-23T05:00:00Z'), 7).toISOString()).toBe('2026-11-24T05:00:00.000Z');
    // 23:30 on 31 Dec in Helsinki is 21:30 UTC: the next morning is in the new year.
    expect(digestDueAt('daily', new Date('2026-12-31T21:30:00Z'), 7).toISOString()).toBe('2027-01-01T05:00:00.000Z');
  });

  it('weekly: the next Monday 07:00 in Helsinki', () => {
    // Monday 23 Nov 2026, 08:00 Helsinki: next Monday.
    expect(digestDueAt('weekly', new Date('2026-11-23T06:00:00Z'), 7).toISOString()).toBe('2026-11-30T05:00:00.000Z');
    // Sunday 22 Nov 2026 evening: tomorrow.
    expect(digestDueAt('weekly', new Date('2026-11-22T20:00:00Z'), 7).toISOString()).toBe('2026-11-23T05:00:00.000Z');
    // Across the autumn change (25 Oct 2026): Monday 26 Oct 07:00 is UTC+2.
    expect(digestDueAt('weekly', new Date('2026-10-22T10:00:00Z'), 7).toISOString()).toBe('2026-10-26T05:00:00.000Z');
  });

  it('a collection window replaces the schedule (tests, demos)', () => {
    expect(digestDueAt('weekly', new Date('2026-11-23T06:00:00Z'), 7, 30_000).toISOString()).toBe('2026-11-23T06:00:30.000Z');
  });
});
