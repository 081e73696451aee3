import type { ICalDateTimeValue } from 'ical-generator';

/**
 * Typed access to the TC39 `Temporal` global, which Node 26 ships and which turns Helsinki
 * wall-clock times into instants from the runtime's time-zone database. TypeScript 5.9's ES2023 lib
 * does not declare it yet, so this file names only the parts the calendar folder uses, built on
 * ical-generator's own description of the Temporal objects it accepts (not exported by name).
 */
type IcalPlainDateTime = Extract<ICalDateTimeValue, { toPlainDate(): unknown }>;
type IcalZonedDateTime = Extract<ICalDateTimeValue, { withTimeZone(timeZone: string): unknown }>;

export type Disambiguation = 'compatible' | 'earlier' | 'later' | 'reject';

export interface ZonedDateTime extends IcalZonedDateTime {
  readonly epochMilliseconds: number;
  readonly offset: string;
}

export interface PlainDateTime extends IcalPlainDateTime {
  toZonedDateTime(timeZone: string, options?: { disambiguation?: Disambiguation }): ZonedDateTime;
}

export interface Instant {
  readonly epochMilliseconds: number;
}

export interface TemporalApi {
  readonly PlainDateTime: { from(item: string, options?: { overflow?: 'constrain' | 'reject' }): PlainDateTime };
  readonly Instant: { from(item: string): Instant };
}

/** The global, or a clear failure on a runtime without it (Node before 26). */
export function temporal(): TemporalApi {
  const api = (globalThis as { Temporal?: TemporalApi }).Temporal;
  if (!api) throw new Error('The calendar renderer needs the Temporal global (Node.js 26 or later).');
  return api;
}
