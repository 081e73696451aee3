// For the integration specs (*.int-spec.ts) of this app only; the app never imports it (lint). It holds
// no generic test-library code (that stays in @yp/shared-testing): the service's modules as the app
// module wires them, small request factories, and the steps that put a spec's data in place.
import { randomBytes } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ORGANISATION_UPDATED_V1, isEventOf, type EventEnvelope, type TypedEventEnvelope } from '@yp/contracts-events';
import { MUNICIPALITIES, type RegionCode } from '@yp/contracts-reference';
import type {
  AssignLiaisonOfficerRequestDto,
  CreateActivityRequestDto,
  CreateContactRequestDto,
  CreatePartnershipRequestDto,
  RegisterOrganisationRequestDto,
} from '@yp/contracts-http';
import type { Identity } from '@yp/shared-bootstrap';
import { KafkaModule, OutboxModule } from '@yp/shared-kafka';
import { ChangeLogOutbox } from '@yp/shared-persistence';
import { CALLERS, asCaller, awaitEvent, useServiceTestingModule, type ServiceTestingModule } from '@yp/shared-testing';
import { ActivitiesModule } from '@organisations/activities/activities.module';
import { ChangePublishingHandler } from '@organisations/activities/commands/change-publishing/change-publishing.handler';
import { CreateActivityHandler } from '@organisations/activities/commands/create-activity/create-activity.handler';
import { CreateContactHandler } from '@organisations/contacts/commands/create-contact/create-contact.handler';
import { ContactsModule } from '@organisations/contacts/contacts.module';
import { HsdsModule } from '@organisations/hsds/hsds.module';
import { AssignLiaisonOfficerHandler } from '@organisations/liaison-officers/commands/assign-liaison-officer/assign-liaison-officer.handler';
import { LiaisonOfficersModule } from '@organisations/liaison-officers/liaison-officers.module';
import { OrganisationsConfig } from '@organisations/organisations-config';
import { DeleteOrganisationHandler } from '@organisations/organisations/commands/delete-organisation/delete-organisation.handler';
import { RegisterOrganisationHandler } from '@organisations/organisations/commands/register-organisation/register-organisation.handler';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { OrganisationsModule } from '@organisations/organisations/organisations.module';
import { PartnershipsModule } from '@organisations/partnerships/partnerships.module';

/** The feature modules of AppModule (its other imports are infrastructure: config, logs, health, Kafka, outbox). */
const FEATURES = [OrganisationsModule, ActivitiesModule, LiaisonOfficersModule, ContactsModule, HsdsModule, PartnershipsModule];

/**
 * The outbox as OutboxModule provides it, without the relay: every commit still writes its change
 * (records included) and its pending marker, and nothing publishes them. Specs read the change log.
 */
const outboxWithoutRelay = {
  provide: ChangeLogOutbox,
  inject: [getConnectionToken()],
  useFactory: (connection: Connection) => {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    return new ChangeLogOutbox(connection.db);
  },
};

/**
 * Options for `createServiceTestingModule` (@yp/shared-testing): the organisations service as its
 * app module wires it, on the file's own database. `publish: true` adds the real outbox relay and
 * Kafka (topics under the file's prefix), for handlers that wait for their changes to be published
 * (erasure); otherwise nothing talks to Kafka.
 */
export function organisationsService(options: { publish?: boolean } = {}) {
  const publish = options.publish ?? false;
  return {
    config: OrganisationsConfig,
    // The validity sweep runs only when a spec calls it.
    env: { ACTIVITY_VALIDITY_SWEEP_MS: String(60 * 60 * 1000) },
    imports: [...(publish ? [KafkaModule, OutboxModule] : []), ...FEATURES],
    providers: publish ? [] : [outboxWithoutRelay],
    kafka: publish,
  };
}

/**
 * The organisations service for one spec file (`useServiceTestingModule` of @yp/shared-testing:
 * started in the file's first `beforeAll`, closed after its tests), with the `given` steps on it.
 * `name` names its database and topics.
 */
export function useOrganisationsService(name: string, options: { publish?: boolean } = {}) {
  const service = useServiceTestingModule({ name, ...organisationsService(options) });
  return { service, a: given(service) };
}

/**
 * Matches the organisation.updated.v1 by which an organisation moved for a change of something it
 * owns (`activities`, `contacts`, `liaison-officers`), so that incremental sync by modification time
 * sees it.
 */
export const movedFor =
  (what: string) =>
  (event: EventEnvelope): event is TypedEventEnvelope<typeof ORGANISATION_UPDATED_V1> =>
    isEventOf(ORGANISATION_UPDATED_V1, event) && event.data.changedFields.includes(what);

/**
 * The steps that put a spec's data in place, each through the handler a controller would call, as
 * `who` (by default an admin, or the coordinator of North Ostrobothnia, where the factories' data
 * lies). Specs call the handler under test themselves.
 */
export function given(service: ServiceTestingModule) {
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;
  return {
    organisation: (extra: Partial<RegisterOrganisationRequestDto> = {}, who: Identity = CALLERS.admin) =>
      asCaller(who, () => service.get(RegisterOrganisationHandler).execute(organisationRequest(extra), who)),
    activity: (organisationId: string, extra: Partial<CreateActivityRequestDto> = {}, who: Identity = coordinator) =>
      asCaller(who, () => service.get(CreateActivityHandler).execute(activityRequest(organisationId, extra), who)),
    published: async (organisationId: string, extra: Partial<CreateActivityRequestDto> = {}, who: Identity = coordinator) => {
      const draft = await asCaller(who, () => service.get(CreateActivityHandler).execute(activityRequest(organisationId, extra), who));
      return asCaller(who, () => service.get(ChangePublishingHandler).execute(draft.id, 'publish', who));
    },
    contact: async (organisationId: string, extra: Partial<CreateContactRequestDto> = {}, who: Identity = coordinator) =>
      (await asCaller(who, () => service.get(CreateContactHandler).execute(contactRequest(organisationId, extra), who))).contact,
    liaisonOfficer: (extra: Partial<AssignLiaisonOfficerRequestDto> = {}, who: Identity = coordinator) =>
      asCaller(who, () => service.get(AssignLiaisonOfficerHandler).execute(liaisonOfficerRequest(extra), who)),
    deletedOrganisation: (id: string, who: Identity = CALLERS.admin) =>
      asCaller(who, () => service.get(DeleteOrganisationHandler).execute(id, who)),
    /** The organisation's current version (0 when there is none), to await a move after it. */
    versionOf: async (organisationId: string) => (await service.get(OrganisationRepository).load(organisationId))?.version ?? 0,
    /**
     * Waits for the organisation to move for a change of `what` after version `after`: its
     * organisation.updated.v1 naming `what` (whenever the service makes that move, in the change's
     * request or right after it).
     */
    moved: (organisationId: string, after: number, what: string) =>
      awaitEvent(service.db, 'organisations', organisationId, {
        after,
        match: movedFor(what),
        what: `organisation ${organisationId} to move for ${what} after version ${after}`,
      }),
  };
}

/** Municipality codes of a region, in the reference data's order. */
export const municipalitiesOf = (region: RegionCode): string[] => MUNICIPALITIES.filter((m) => m.region === region).map((m) => m.code);

export const OULU = '564';
export const KUUSAMO = '305';
export const INARI = '148';

const run = randomBytes(3).toString('hex');
let counter = 0;
/** A name unique in this run: `${prefix} <run> <n>`. */
export const uniqueName = (prefix: string) => `${prefix} ${run} ${++counter}`;

const issued = new Set<string>();
/** A valid Finnish business ID (Y-tunnus, with its check digit) not handed out before in this process. */
export function businessId(): string {
  const weights = [7, 9, 10, 5, 8, 4, 2];
  for (;;) {
    const body = String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0');
    const remainder = [...body].reduce((sum, digit, i) => sum + Number(digit) * (weights[i] ?? 0), 0) % 11;
    if (remainder === 1 || issued.has(body)) continue;
    issued.add(body);
    return `${body}-${remainder === 0 ? 0 : 11 - remainder}`;
  }
}

export function organisationRequest(extra: Partial<RegisterOrganisationRequestDto> = {}): RegisterOrganisationRequestDto {
  return {
    kind: 'association',
    name: { fi: uniqueName('Testiyhdistys') },
    municipalities: [OULU],
    themes: ['loneliness', 'inclusion'],
    lifeStages: ['older-people'],
    ...extra,
  };
}

export function activityRequest(organisationId: string, extra: Partial<CreateActivityRequestDto> = {}): CreateActivityRequestDto {
  return {
    organisationId,
    name: { fi: uniqueName('Kohtaamispaikka') },
    type: 'meeting-place',
    deliveryModes: ['remote'],
    municipalities: [OULU],
    themes: ['loneliness'],
    lifeStages: ['older-people'],
    ...extra,
  };
}

export function contactRequest(organisationId: string, extra: Partial<CreateContactRequestDto> = {}): CreateContactRequestDto {
  const n = ++counter;
  return { organisationId, name: `Testi Henkilö ${n}`, email: `Contact.${run}.${n}@Example.test`, language: 'fi', ...extra };
}

export function liaisonOfficerRequest(extra: Partial<AssignLiaisonOfficerRequestDto> = {}): AssignLiaisonOfficerRequestDto {
  const n = ++counter;
  return { name: `Yhdyshenkilö ${n}`, email: `officer.${run}.${n}@example.test`, language: 'fi', municipalities: [OULU], ...extra };
}

export function partnershipRequest(
  partnerOrganisationIds: string[],
  extra: Partial<CreatePartnershipRequestDto> = {},
): CreatePartnershipRequestDto {
  return {
    municipality: OULU,
    partnerOrganisationIds,
    title: { fi: uniqueName('Kumppanuussopimus') },
    themes: ['safety', 'inclusion'],
    startsOn: '2027-01-01',
    ...extra,
  };
}
