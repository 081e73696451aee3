import { regionsOf } from '@yp/contracts-reference';

const REGION = /^[0-9]{2}$/;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * The regions an event's data names: its `regions`, and the regions of its `municipalities`
 * (@yp/contracts-reference). Empty for events that carry ids only (withdrawn, deleted, erased…).
 */
export function regionsNamedIn(data: unknown): string[] {
  if (typeof data !== 'object' || data === null) return [];
  const record = data as Record<string, unknown>;
  const named = strings(record.regions).filter((r) => REGION.test(r));
  return union(named, regionsOf(strings(record.municipalities)));
}

/**
 * Where an event goes: the regions it names plus those its aggregate was last known in. So an
 * organisation that moves from one region to another is announced to both (the old region's
 * integrators can drop their copy), and an id-only event (archived, deleted, withdrawn) reaches
 * the regions its aggregate was in.
 */
export function routingRegions(named: readonly string[], previouslyKnown: readonly string[]): string[] {
  return union(named, previouslyKnown);
}

/** Does a subscription to these regions get an event routed to those? An event of no known region goes to every subscription of its type. */
export function regionsMatch(subscribed: readonly string[], routed: readonly string[]): boolean {
  return routed.length === 0 || routed.some((r) => subscribed.includes(r));
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}
