import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { invalidPartnership, partnerMissing } from './partnership.errors';
import type { PartnershipState } from './partnership.state';

/** Rules across fields that the DTO decorators cannot express. Throws a 422 naming the field. */
export function assertConsistent(state: PartnershipState): void {
  if (state.endsOn && state.endsOn < state.startsOn) throw invalidPartnership('endsOn', 'endsOn must be on or after startsOn');
}

/** Every partner is a registered organisation that has not been deleted. */
export async function assertPartnersExist(organisations: OrganisationRepository, ids: readonly string[]): Promise<void> {
  const loaded = await Promise.all(ids.map((id) => organisations.load(id)));
  loaded.forEach((o, i) => {
    if (!o || o.state.deletedAt) throw partnerMissing(i, ids[i] ?? '');
  });
}
