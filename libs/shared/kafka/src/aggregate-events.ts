import { contractFor, type EventDataMap, type EventType } from '@yp/contracts-events';
import { currentContext, currentCorrelationId } from '@yp/shared-context';
import type { OutboxRecord } from '@yp/shared-persistence';
import { CORRELATION_HEADER, encodeEvent } from './event-codec';

export interface AggregateEventsOptions {
  /** The publishing service, e.g. `organisations`: source `/yhteispeli/organisations`, actor `system:organisations` when no caller is known. */
  readonly service: string;
  /** The aggregate, as its contracts name it (`organisation`, `activity`, `person`...): an event of another aggregate is refused. */
  readonly aggregate: string;
}

/**
 * Builds one event of the aggregate as an outbox record. The metadata comes from the factory and
 * the contract (type, topic), and from the request context (actor, correlation id, bulk id); the caller
 * gives only what differs per event: subject (the aggregate id), version and `data`, typed by the
 * event type.
 */
export type AggregateEventFactory = <T extends EventType>(type: T, subject: string, version: number, data: EventDataMap[T]) => OutboxRecord;

/**
 * The event-metadata factory of one aggregate, declared once beside it:
 *
 * ```ts
 * const organisationEvent = aggregateEvents({ service: 'organisations', aggregate: 'organisation' });
 * export const organisationDeleted = (s: OrganisationState, version: number) =>
 *   organisationEvent(ORGANISATION_DELETED_V1, s.organisationId, version, { organisationId: s.organisationId, deletedAt: s.deletedAt });
 * ```
 *
 * Every envelope is validated against its contract on the way (`encodeEvent`): a bad event never
 * reaches the outbox.
 */
export function aggregateEvents(options: AggregateEventsOptions): AggregateEventFactory {
  const source = `/yhteispeli/${options.service}`;
  const systemActor = `system:${options.service}`;
  return (type, subject, version, data) => {
    const contract = contractFor(type);
    if (!contract) throw new Error(`No contract for event type ${type}`);
    if (contract.aggregate !== options.aggregate) {
      throw new Error(`${type} is an event of the ${contract.aggregate} aggregate, not of ${options.aggregate}`);
    }
    return encodeEvent({
      type,
      topic: contract.topic,
      source,
      subject,
      actor: currentContext()?.actor ?? systemActor,
      correlationId: currentCorrelationId(),
      aggregateVersion: version,
      bulkId: currentContext()?.bulkId,
      data,
    });
  };
}

/**
 * A keyed state record (a compacted topic such as the contacts topic), with the correlation id of
 * the request in its headers; `null` is a tombstone.
 */
export function keyedRecord(topic: string, key: string, value: unknown): OutboxRecord {
  return {
    topic,
    key,
    value: value === null ? null : JSON.stringify(value),
    headers: { [CORRELATION_HEADER]: currentCorrelationId() },
  };
}
