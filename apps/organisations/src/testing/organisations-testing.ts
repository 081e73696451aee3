// For the integration specs (*.int-spec.ts) of this app only; the app never imports it. It holds no
// test-library code (that stays in @yp/shared-testing): the service's modules as the app module
// wires them, and small request factories.
import { randomBytes } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ORGANISATION_UPDATED_V1, type EventEnvelope, type OrganisationUpdatedV1 } from '@yp/contracts-events';
import { MUNICIPALITIES, type RegionCode } from '@yp/contracts-reference';
import type {
  AssignLiaisonOfficerRequestDto,
  CreateActivityRequestDto,
  CreateContactRequestDto,
  CreatePartnershipRequestDto,
  RegisterOrganisationRequestDto,
} from '@yp/contracts-http';
import { KafkaModule, OutboxModule } from '@yp/shared-kafka';
import { ChangeLogOutbox } from '@yp/shared-persistence';
import { ActivitiesModule } from '@organisations/activities/activities.module';
import { ContactsModule } from '@organisations/contacts/contacts.module';
import { HsdsModule } from '@organisations/hsds/hsds.module';
import { LiaisonOfficersModule } from '@organisations/liaison-officers/liaison-officers.module';
import { OrganisationsConfig } from '@organisations/organisations-config';
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
 * Matches the organisation.updated.v1 by which an organisation moved for a change of something it
 * owns (so that incremental sync by modification time sees it).
 */
export const movedFor =
  (what: 'activities' | 'contacts' | 'liaison-officers') =>
  (event: EventEnvelope): boolean =>
    event.type === ORGANISATION_UPDATED_V1 && (event.data as OrganisationUpdatedV1).changedFields.includes(what);

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
