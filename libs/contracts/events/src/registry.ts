import { FormatRegistry, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { EnvelopeSchema, type EventContract, type EventEnvelope } from './envelope';
import { activityPublishedV1 } from './organisations/activity-published.v1';
import { activityWithdrawnV1 } from './organisations/activity-withdrawn.v1';
import { contactErasedV1 } from './organisations/contact-erased.v1';
import { importCompletedV1 } from './organisations/import-completed.v1';
import { importStartedV1 } from './organisations/import-started.v1';
import { ContactRecordV1Schema, type ContactRecordV1 } from './organisations/contact-record.v1';
import { liaisonOfficerAssignedV1 } from './organisations/liaison-officer-assigned.v1';
import { liaisonOfficerRemovedV1 } from './organisations/liaison-officer-removed.v1';
import { organisationRegisteredV1 } from './organisations/organisation-registered.v1';
import { organisationArchivedV1 } from './organisations/organisation-archived.v1';
import { partnershipChangedV1 } from './organisations/partnership-changed.v1';
import { organisationDeletedV1 } from './organisations/organisation-deleted.v1';
import { organisationUpdatedV1 } from './organisations/organisation-updated.v1';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => UUID.test(v));
if (!FormatRegistry.Has('email')) FormatRegistry.Set('email', (v) => EMAIL.test(v));
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)) && /T/.test(v));
if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)));

/**
 * Every event contract by its type, one entry per type and version: the one list the AsyncAPI
 * document, the codec and the typed consumer dispatch come from.
 */
const CONTRACTS_BY_TYPE = {
  [organisationRegisteredV1.type]: organisationRegisteredV1,
  [organisationUpdatedV1.type]: organisationUpdatedV1,
  [organisationArchivedV1.type]: organisationArchivedV1,
  [partnershipChangedV1.type]: partnershipChangedV1,
  [organisationDeletedV1.type]: organisationDeletedV1,
  [activityPublishedV1.type]: activityPublishedV1,
  [activityWithdrawnV1.type]: activityWithdrawnV1,
  [liaisonOfficerAssignedV1.type]: liaisonOfficerAssignedV1,
  [liaisonOfficerRemovedV1.type]: liaisonOfficerRemovedV1,
  [contactErasedV1.type]: contactErasedV1,
  [importStartedV1.type]: importStartedV1,
  [importCompletedV1.type]: importCompletedV1,
} as const;

/** Event type → the type of its `data` (`EventDataMap['organisations.organisation.registered.v1']`). */
export type EventDataMap = { [T in keyof typeof CONTRACTS_BY_TYPE]: Static<(typeof CONTRACTS_BY_TYPE)[T]['schema']> };
/** Every event type of the catalogue. */
export type EventType = keyof EventDataMap;
/** An envelope whose `data` is the contract's type: what a consumer's handler for `T` receives. */
export type TypedEventEnvelope<T extends EventType> = EventEnvelope<EventDataMap[T]>;

/** Narrows an envelope to the contract of `type` (its data then has that contract's type). */
export function isEventOf<T extends EventType>(type: T, event: EventEnvelope): event is TypedEventEnvelope<T> {
  return event.type === type;
}

export const EVENT_CONTRACTS: readonly EventContract[] = Object.freeze(Object.values(CONTRACTS_BY_TYPE) as EventContract[]);

const envelopeCheck = TypeCompiler.Compile(EnvelopeSchema);
const dataChecks = new Map<string, TypeCheck<TSchema>>(EVENT_CONTRACTS.map((c) => [c.type, TypeCompiler.Compile(c.schema)]));
const contactCheck = TypeCompiler.Compile(ContactRecordV1Schema);

export class ContractViolationError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[],
  ) {
    super(`${message}: ${problems.slice(0, 5).join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

function problemsOf(check: TypeCheck<TSchema>, value: unknown, prefix = ''): string[] {
  return [...check.Errors(value)].map((e) => `${prefix}${e.path || '/'} ${e.message}`);
}

export function isKnownEventType(type: string): boolean {
  return dataChecks.has(type);
}

export function contractFor(type: string): EventContract | undefined {
  return EVENT_CONTRACTS.find((c) => c.type === type);
}

/** Validates an envelope and its data against the registered contract; throws on any violation. */
export function validateEnvelope<T = unknown>(value: unknown): EventEnvelope<T> {
  if (!envelopeCheck.Check(value)) {
    throw new ContractViolationError('Invalid event envelope', problemsOf(envelopeCheck, value));
  }
  const envelope = value as EventEnvelope<unknown>;
  const check = dataChecks.get(envelope.type);
  if (!check) throw new ContractViolationError('Unknown event type', [envelope.type]);
  if (!check.Check(envelope.data)) {
    throw new ContractViolationError(`Invalid data for ${envelope.type}`, problemsOf(check, envelope.data, 'data'));
  }
  return envelope as EventEnvelope<T>;
}

export function validateContactRecord(value: unknown): ContactRecordV1 {
  if (!contactCheck.Check(value)) {
    throw new ContractViolationError('Invalid contact record', problemsOf(contactCheck, value));
  }
  return value;
}
