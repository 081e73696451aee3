import { Injectable } from '@nestjs/common';
import { regionsOf } from '@yp/contracts-reference';
import type { CreateActivityRequestDto } from '@yp/contracts-http';
import { canWriteRegions, type Identity } from '@yp/shared-bootstrap';
import { VersionedStore, type Loaded } from '@yp/shared-persistence';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { searchTextOf } from '@organisations/organisations/organisation.state';
import { touchOrganisation } from '@organisations/organisations/touch-organisation.follow-up';
import { activityRegionForbidden, organisationMissing } from '@organisations/activities/activity.errors';
import { ActivityRepository } from '@organisations/activities/activity.repository';
import { assertConsistent } from '@organisations/activities/activity.rules';
import type { ActivityState } from '@organisations/activities/activity.state';

const iso = (t: string | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

/** Creates an activity as a draft: only people of its regions see it until it is published. */
@Injectable()
export class CreateActivityHandler {
  constructor(
    private readonly activities: ActivityRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  async execute(request: CreateActivityRequestDto, identity: Identity): Promise<Loaded<ActivityState>> {
    const regions = regionsOf(request.municipalities);
    if (!canWriteRegions(identity, regions)) throw activityRegionForbidden();
    const organisation = await this.organisations.load(request.organisationId);
    if (!organisation || organisation.state.deletedAt) throw organisationMissing(request.organisationId);
    // An activity speaks for its organisation: the writer must be allowed there too.
    if (!canWriteRegions(identity, organisation.state.regions)) throw activityRegionForbidden();
    const id = VersionedStore.newId('act');
    const now = new Date().toISOString();
    const validFrom = iso(request.validFrom);
    const validTo = iso(request.validTo);
    const state: ActivityState = {
      activityId: id,
      organisationId: request.organisationId,
      publishingState: 'draft',
      name: { ...request.name },
      ...(request.description ? { description: { ...request.description } } : {}),
      type: request.type,
      deliveryModes: [...request.deliveryModes].sort(),
      ...(request.location ? { location: { ...request.location } } : {}),
      themes: [...(request.themes ?? [])].sort(),
      lifeStages: [...(request.lifeStages ?? [])].sort(),
      municipalities: [...request.municipalities],
      regions,
      villages: [...(request.villages ?? [])],
      ...(request.schedule ? { schedule: request.schedule } : {}),
      cost: request.cost ?? { free: true },
      languages: [...(request.languages ?? ['fi'])],
      ...(request.accessibility ? { accessibility: { ...request.accessibility } } : {}),
      ...(request.contact ? { contact: { ...request.contact } } : {}),
      ...(validFrom ? { validFrom } : {}),
      ...(validTo ? { validTo } : {}),
      createdAt: now,
      updatedAt: now,
      searchText: searchTextOf(request.name),
    };
    assertConsistent(state);
    // The organisation moves with its new activity, after this commit (recoverably: FollowUpLog).
    return this.activities.create(id, { state, records: [], followUps: [touchOrganisation(request.organisationId, 'activities', id)] });
  }
}
