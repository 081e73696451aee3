import { randomUUID } from 'node:crypto';
import { EVENT_HEADER_NAMES, validateEnvelope, type EventEnvelope } from '@yp/contracts-events';
import type { OutboxRecord } from '@yp/shared-persistence';

export const CORRELATION_HEADER = EVENT_HEADER_NAMES.correlationId;
export const EVENT_TYPE_HEADER = EVENT_HEADER_NAMES.eventType;

export interface NewEvent<T> {
  readonly type: string;
  readonly topic: string;
  readonly source: string;
  readonly subject: string;
  readonly data: T;
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId?: string;
  readonly aggregateVersion: number;
  /** The bulk change (an import) the event is part of: the envelope's `bulkid`. */
  readonly bulkId?: string | undefined;
  readonly time?: Date;
}

/** Builds an envelope, validates it against its contract (a bad event never leaves), and turns it into an outbox record. */
export function encodeEvent<T>(event: NewEvent<T>): OutboxRecord {
  const envelope: EventEnvelope<T> = {
    specversion: '1.0',
    id: randomUUID(),
    type: event.type,
    source: event.source,
    subject: event.subject,
    time: (event.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    actor: event.actor,
    correlationid: event.correlationId,
    ...(event.causationId ? { causationid: event.causationId } : {}),
    aggregateversion: event.aggregateVersion,
    ...(event.bulkId ? { bulkid: event.bulkId } : {}),
    data: event.data,
  };
  validateEnvelope(envelope);
  return {
    topic: event.topic,
    key: event.subject,
    value: JSON.stringify(envelope),
    headers: { [CORRELATION_HEADER]: event.correlationId, [EVENT_TYPE_HEADER]: event.type },
  };
}

/** Parses and validates a consumed event; throws ContractViolationError or SyntaxError for poison. */
export function decodeEvent(value: Buffer | null): EventEnvelope {
  if (value === null) throw new SyntaxError('Empty message value where an event was expected');
  return validateEnvelope(JSON.parse(value.toString('utf8')));
}
