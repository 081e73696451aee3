import { Injectable } from '@nestjs/common';
import { regionsOf } from '@yp/contracts-reference';
import type { UpdatePartnershipRequestDto } from '@yp/contracts-http';
import { canWriteRegions, RequestValidationError, type Identity } from '@yp/shared-bootstrap';
import type { Loaded } from '@yp/shared-persistence';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { touchOrganisations } from '@organisations/organisations/touch-organisation.follow-up';
import {
  badStatusTransition,
  partnershipNotFound,
  partnershipRegionForbidden,
  partnershipStale,
} from '@organisations/partnerships/partnership.errors';
import { partnershipChanged } from '@organisations/partnerships/partnership.events';
import { PartnershipRepository } from '@organisations/partnerships/partnership.repository';
import { assertConsistent, assertPartnersExist } from '@organisations/partnerships/partnership.rules';
import { canMove, type PartnershipState } from '@organisations/partnerships/partnership.state';

/** Fields a PATCH may not clear with null (description and endsOn may: null removes them). */
const REQUIRED = ['municipality', 'partnerOrganisationIds', 'title', 'themes', 'startsOn', 'status'] as const;
const EDITABLE = ['municipality', 'partnerOrganisationIds', 'title', 'description', 'themes', 'startsOn', 'endsOn', 'status'] as const;

/**
 * A partial update, including the status transition. Repeating the current values is a no-op (same
 * answer, no new version). Moving the agreement to another municipality needs write access to both
 * regions. A deleted agreement is a 404. Every partner before and after the change moves after the
 * commit (`changedFields: ["partnerships"]`).
 */
@Injectable()
export class UpdatePartnershipHandler {
  constructor(
    private readonly partnerships: PartnershipRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  async execute(id: string, patch: UpdatePartnershipRequestDto, identity: Identity, expected?: number): Promise<Loaded<PartnershipState>> {
    const nulls = REQUIRED.filter((f) => (patch as Record<string, unknown>)[f] === null).map((field) => ({
      field,
      message: `${field} cannot be null`,
    }));
    if (nulls.length > 0) throw new RequestValidationError(nulls);
    // Partners are checked before the compare-and-set: a partner deleted in between is a race we accept.
    if (patch.partnerOrganisationIds) await assertPartnersExist(this.organisations, patch.partnerOrganisationIds);
    const updated = await this.partnerships.update(id, (current) => {
      if (current.state.deletedAt) throw partnershipNotFound(id);
      if (!canWriteRegions(identity, [current.state.region])) throw partnershipRegionForbidden();
      if (expected !== undefined && expected !== current.version) throw partnershipStale(current.version);
      const next: PartnershipState = { ...current.state };
      let changed = false;
      for (const field of EDITABLE) {
        const raw = (patch as Record<string, unknown>)[field];
        if (raw === undefined) continue;
        const value: unknown = raw === null ? undefined : field === 'themes' ? [...(raw as string[])].sort() : raw;
        if (JSON.stringify(value) === JSON.stringify(current.state[field])) continue;
        (next as unknown as Record<string, unknown>)[field] = value;
        changed = true;
      }
      if (!changed) return null;
      if (next.status !== current.state.status && !canMove(current.state.status, next.status))
        throw badStatusTransition(current.state.status, next.status);
      next.region = regionsOf([next.municipality])[0] ?? current.state.region;
      if (!canWriteRegions(identity, [next.region])) throw partnershipRegionForbidden();
      if (next.endsOn === undefined) delete next.endsOn;
      if (next.description === undefined) delete next.description;
      next.updatedAt = new Date().toISOString();
      assertConsistent(next);
      return {
        state: next,
        records: [partnershipChanged(next, current.version + 1)],
        followUps: touchOrganisations([...current.state.partnerOrganisationIds, ...next.partnerOrganisationIds], 'partnerships'),
      };
    });
    if (!updated) throw partnershipNotFound(id);
    return updated;
  }
}
