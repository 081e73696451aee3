import type { ActivityState } from './activity.state';
import { invalidActivity } from './activity.errors';

/** Rules across fields that the DTO decorators cannot express. Throws a 422 naming the field. */
export function assertConsistent(state: ActivityState): void {
  if (state.deliveryModes.includes('at-place') && !state.location) {
    throw invalidActivity('location', 'location is required when deliveryModes includes at-place');
  }
  for (const [i, w] of (state.schedule?.weekly ?? []).entries()) {
    if (w.closes <= w.opens) throw invalidActivity(`schedule.weekly.${i}.closes`, 'closes must be later than opens');
  }
  for (const [i, o] of (state.schedule?.occurrences ?? []).entries()) {
    if (Date.parse(o.ends) <= Date.parse(o.starts))
      throw invalidActivity(`schedule.occurrences.${i}.ends`, 'ends must be later than starts');
  }
  if (state.validFrom && state.validTo && state.validTo <= state.validFrom)
    throw invalidActivity('validTo', 'validTo must be later than validFrom');
}
