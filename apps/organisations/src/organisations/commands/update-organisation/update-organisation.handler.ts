import { Injectable } from '@nestjs/common';
import { regionsOf } from '@yp/contracts-reference';
import type { UpdateOrganisationRequestDto } from '@yp/contracts-http';
import { canWriteRegions, RequestValidationError, type Identity } from '@yp/shared-bootstrap';
import type { Loaded } from '@yp/shared-persistence';
import { duplicateBusinessId, organisationNotFound, regionForbidden, staleVersion } from '@organisations/organisations/organisation.errors';
import { organisationArchived, organisationUpdated } from '@organisations/organisations/organisation.events';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { searchTextOf, type OrganisationState } from '@organisations/organisations/organisation.state';

const FIELDS = [
  'kind',
  'name',
  'businessId',
  'associationRegisterNumber',
  'description',
  'postalAddress',
  'municipalities',
  'themes',
  'lifeStages',
  'website',
  'email',
  'phone',
  'status',
] as const;
const SORTED = new Set<string>(['themes', 'lifeStages']);
/** Fields a PATCH may not clear with null (the optional ones may: null removes them). */
const REQUIRED = ['kind', 'name', 'municipalities', 'status', 'themes', 'lifeStages'] as const;

function assertNoRequiredNulls(patch: UpdateOrganisationRequestDto): void {
  const errors = REQUIRED.filter((f) => (patch as Record<string, unknown>)[f] === null).map((field) => ({
    field,
    message: `${field} cannot be null`,
  }));
  if (errors.length > 0) throw new RequestValidationError(errors);
}

@Injectable()
export class UpdateOrganisationHandler {
  constructor(private readonly organisations: OrganisationRepository) {}

  /**
   * Applies a partial update as the next version. `expectedVersion` (from If-Match) makes it a
   * conditional write: 412 when someone else changed the organisation first.
   */
  async execute(
    id: string,
    patch: UpdateOrganisationRequestDto,
    identity: Identity,
    expected?: number,
  ): Promise<Loaded<OrganisationState>> {
    assertNoRequiredNulls(patch);
    // A new business ID is claimed only by someone allowed to write, and released again if the write fails.
    const before = await this.organisations.load(id);
    if (!before || before.state.deletedAt) throw organisationNotFound(id);
    if (!canWriteRegions(identity, before.state.regions)) throw regionForbidden();
    const newBusinessId = patch.businessId && patch.businessId !== before.state.businessId ? patch.businessId : undefined;
    if (newBusinessId) {
      const holder = await this.organisations.claimBusinessId(newBusinessId, id);
      if (holder) throw duplicateBusinessId(newBusinessId, holder);
    }
    let result: Loaded<OrganisationState> | undefined;
    try {
      result = await this.write(id, patch, identity, expected);
    } catch (error) {
      if (newBusinessId) await this.organisations.releaseBusinessId(newBusinessId, id);
      throw error;
    }
    const previous = before.state.businessId;
    if (previous && result.state.businessId !== previous) await this.organisations.releaseBusinessId(previous, id);
    return result;
  }

  private async write(
    id: string,
    patch: UpdateOrganisationRequestDto,
    identity: Identity,
    expected?: number,
  ): Promise<Loaded<OrganisationState>> {
    const result = await this.organisations.update(id, (current) => {
      if (current.state.deletedAt) throw organisationNotFound(id);
      // Who may write is decided before whether the write is current.
      if (!canWriteRegions(identity, current.state.regions)) throw regionForbidden();
      if (expected !== undefined && expected !== current.version) throw staleVersion(current.version);
      const next: OrganisationState = { ...current.state };
      const changed: string[] = [];
      for (const field of FIELDS) {
        const raw = patch[field];
        if (raw === undefined) continue;
        const value = SORTED.has(field) && Array.isArray(raw) ? [...raw].sort() : raw;
        if (JSON.stringify(value) === JSON.stringify(current.state[field])) continue;
        (next as unknown as Record<string, unknown>)[field] = value;
        changed.push(field);
      }
      if (changed.includes('municipalities')) {
        next.regions = regionsOf(next.municipalities);
        if (!canWriteRegions(identity, next.regions)) throw regionForbidden();
      }
      if (changed.includes('name')) next.searchText = searchTextOf(next.name);
      if (changed.length === 0) return null;
      next.updatedAt = new Date().toISOString();
      const version = current.version + 1;
      const archived = changed.includes('status') && next.status === 'archived';
      return {
        state: next,
        records: [organisationUpdated(next, version, changed), ...(archived ? [organisationArchived(next, version)] : [])],
      };
    });
    if (!result) throw organisationNotFound(id);
    return result;
  }
}
