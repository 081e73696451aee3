import { Injectable } from '@nestjs/common';
import { regionsOf } from '@yp/contracts-reference';
import type { UpdateOrganisationRequestDto } from '@yp/contracts-http';
import { canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import type { Loaded } from '@yp/shared-persistence';
import { OutboxNudge } from '../../../outbox/outbox-nudge';
import { duplicateBusinessId, organisationNotFound, regionForbidden, staleVersion } from '../../organisation.errors';
import { organisationUpdated } from '../../organisation.events';
import { OrganisationRepository } from '../../organisation.repository';
import type { OrganisationState } from '../../organisation.state';

const FIELDS = ['kind', 'name', 'businessId', 'description', 'municipalities', 'website', 'email', 'phone', 'status'] as const;

@Injectable()
export class UpdateOrganisationHandler {
  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly outbox: OutboxNudge,
  ) {}

  /**
   * Applies a partial update as the next version. `expectedVersion` (from If-Match) makes it a
   * conditional write: 412 when someone else changed the organisation first.
   */
  async execute(id: string, patch: UpdateOrganisationRequestDto, identity: Identity, expected?: number): Promise<Loaded<OrganisationState>> {
    if (patch.businessId) {
      const holder = await this.organisations.claimBusinessId(patch.businessId, id);
      if (holder) throw duplicateBusinessId(patch.businessId, holder);
    }
    const result = await this.organisations.update(id, (current) => {
      if (expected !== undefined && expected !== current.version) throw staleVersion(current.version);
      if (!canWriteRegions(identity, current.state.regions)) throw regionForbidden();
      const next: OrganisationState = { ...current.state };
      const changed: string[] = [];
      for (const field of FIELDS) {
        const value = patch[field];
        if (value === undefined) continue;
        if (JSON.stringify(value) === JSON.stringify(current.state[field])) continue;
        (next as unknown as Record<string, unknown>)[field] = value;
        changed.push(field);
      }
      if (changed.includes('municipalities')) {
        next.regions = regionsOf(next.municipalities);
        if (!canWriteRegions(identity, next.regions)) throw regionForbidden();
      }
      if (changed.length === 0) return null;
      next.updatedAt = new Date().toISOString();
      return { state: next, records: [organisationUpdated(next, current.version + 1, changed)] };
    });
    if (!result) throw organisationNotFound(id);
    this.outbox.nudge();
    return result;
  }
}
