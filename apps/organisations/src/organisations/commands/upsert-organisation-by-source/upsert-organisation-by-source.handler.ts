import { Injectable } from '@nestjs/common';
import { regionsOf } from '@yp/contracts-reference';
import { isValidSourceId, type RegisterOrganisationRequestDto, type UpdateOrganisationRequestDto } from '@yp/contracts-http';
import { canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import { VersionConflictError, VersionedStore, type Loaded } from '@yp/shared-persistence';
import { regionForbidden } from '@organisations/organisations/organisation.errors';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import type { OrganisationState } from '@organisations/organisations/organisation.state';
import { RegisterOrganisationHandler } from '@organisations/organisations/commands/register-organisation/register-organisation.handler';
import { UpdateOrganisationHandler } from '@organisations/organisations/commands/update-organisation/update-organisation.handler';
import { invalidSourceId, nothingToMatch, sourceIdNotFound, sourceIdRemoved } from './upsert-organisation-by-source.errors';

/** Optional fields of the request: absent from a PUT means removed (full replacement). */
const OPTIONAL = ['businessId', 'associationRegisterNumber', 'description', 'postalAddress', 'website', 'email', 'phone'] as const;

export interface UpsertResult {
  readonly organisation: Loaded<OrganisationState>;
  readonly created: boolean;
}

/** Source ids are namespaced per caller (`key:key_…`, `user:usr_…`): two integrators' "123" never meet. */
export const sourceKey = (identity: Identity, sourceId: string) => `${identity.actor}|${sourceId}`;

/**
 * Upsert by the integrator's own identifier. The source id is bound to an organisation id chosen
 * up front, with a unique `_id` insert (atomic on FerretDB, which has no transactions); the
 * organisation is then created under exactly that id, and the organisation store's own unique
 * version-1 insert decides which of several concurrent first PUTs creates it. The others — and every
 * later PUT — update it as a full replacement of the fields the body carries (status stays).
 * A crash between the two inserts leaves a binding without an organisation, which the next PUT
 * completes: there is never a second organisation for one source id.
 */
@Injectable()
export class UpsertOrganisationBySourceHandler {
  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly updater: UpdateOrganisationHandler,
    private readonly registrar: RegisterOrganisationHandler,
  ) {}

  async execute(sourceId: string, request: RegisterOrganisationRequestDto, identity: Identity, expected?: number): Promise<UpsertResult> {
    if (!isValidSourceId(sourceId)) throw invalidSourceId();
    const key = sourceKey(identity, sourceId);
    let id = await this.organisations.sourceIdHolder(key);
    if (!id) {
      // Who may create is decided before anything is bound.
      if (!canWriteRegions(identity, regionsOf(request.municipalities))) throw regionForbidden();
      id = await this.organisations.claimSourceId(key, VersionedStore.newId('org'));
    }
    const current = await this.organisations.load(id);
    if (!current) {
      if (expected !== undefined) throw nothingToMatch(sourceId);
      const created = await this.create(id, request, identity);
      if (created) return { organisation: created, created: true };
      // A concurrent first PUT created it a moment ago: this one is an update.
    } else if (current.state.deletedAt) {
      throw sourceIdRemoved(sourceId, id);
    }
    const latest = current ?? (await this.organisations.load(id));
    if (!latest) throw sourceIdNotFound(sourceId);
    const updated = await this.updater.execute(id, replacementOf(request, latest.state), identity, expected);
    return { organisation: updated, created: false };
  }

  /** The organisation a caller's source id is bound to (never a removed one). */
  async find(sourceId: string, identity: Identity): Promise<Loaded<OrganisationState>> {
    if (!isValidSourceId(sourceId)) throw sourceIdNotFound(sourceId);
    const id = await this.organisations.sourceIdHolder(sourceKey(identity, sourceId));
    const found = id ? await this.organisations.load(id) : undefined;
    if (!found || found.state.deletedAt) throw sourceIdNotFound(sourceId);
    return found;
  }

  /** Registers under the bound id, as POST /organisations does; undefined when another request created it first. */
  private async create(
    id: string,
    request: RegisterOrganisationRequestDto,
    identity: Identity,
  ): Promise<Loaded<OrganisationState> | undefined> {
    try {
      return await this.registrar.execute(request, identity, id);
    } catch (error) {
      if (error instanceof VersionConflictError) return undefined;
      throw error;
    }
  }
}

/**
 * The PUT body as a PATCH of every field it carries: absent optional fields that the organisation
 * has are cleared (null), absent lists become empty; status is not part of the body and stays.
 * Unchanged fields are left out by the update handler, so an unchanged PUT keeps the version.
 */
function replacementOf(request: RegisterOrganisationRequestDto, current: OrganisationState): UpdateOrganisationRequestDto {
  const patch: Record<string, unknown> = {
    kind: request.kind,
    name: request.name,
    municipalities: request.municipalities,
    themes: request.themes ?? [],
    lifeStages: request.lifeStages ?? [],
  };
  for (const field of OPTIONAL) {
    if (request[field] !== undefined) patch[field] = request[field];
    else if (current[field] !== undefined && current[field] !== null) patch[field] = null;
  }
  return patch;
}
