import type { ConsumerGroupSpec, EventEnvelope, EventType, TypedEventEnvelope } from '@yp/contracts-events';
import type { Projection, ProjectionChange } from '@yp/shared-persistence';
import type { BatchContext, ConsumerDefinition, EventHandlers, MessageContext } from './event-consumer';

/**
 * What a projection keeps of each event type it follows, typed by the event's contract: the new
 * data of the aggregate (`event.subject`), or `null` when the aggregate is gone. Types without an
 * entry are skipped.
 */
export type ProjectionHandlers<T extends object> = {
  readonly [K in EventType]?: (event: TypedEventEnvelope<K>) => T | null;
};

type Project<T> = (event: EventEnvelope) => T | null;

function byType<T extends object>(handlers: ProjectionHandlers<T>): Map<string, Project<T>> {
  // The codec validated `data` against the contract of `type` (decodeEvent), as dispatchByType relies on.
  return new Map(Object.entries(handlers) as [EventType, Project<T>][]);
}

/**
 * Event handlers that apply each event to the projection at its aggregate version: a duplicate, a
 * replay or an older version changes nothing (the inbox skips what this group already processed;
 * the version check covers the rest, e.g. an event that two relays published twice).
 */
export function projectionHandlers<T extends object>(projection: Projection<T>, handlers: ProjectionHandlers<T>): EventHandlers {
  const out: Partial<Record<EventType, (event: EventEnvelope, context: MessageContext) => Promise<void>>> = {};
  for (const [type, project] of byType(handlers)) {
    out[type as EventType] = async (event) => {
      await projection.apply(event.subject, event.aggregateversion, project(event));
    };
  }
  return out;
}

/**
 * One handler for a batch of events (`onEvents`): what each typed handler keeps, applied to the
 * projection at once (`Projection.applyMany`: per aggregate its newest version, only over an older
 * one, so duplicates, replays and older versions change nothing and a redelivered batch is harmless).
 */
export function projectionBatchHandler<T extends object>(
  projection: Projection<T>,
  handlers: ProjectionHandlers<T>,
): (events: readonly EventEnvelope[], context: BatchContext) => Promise<void> {
  const project = byType(handlers);
  return async (events) => {
    const changes: ProjectionChange<T>[] = [];
    for (const event of events) {
      const keep = project.get(event.type);
      if (keep) changes.push({ id: event.subject, version: event.aggregateversion, data: keep(event) });
    }
    await projection.applyMany(changes);
  };
}

/**
 * The consumer that keeps a projection from a consumer group's events, a fetched batch at a time.
 * Without the inbox (`idempotent`): every write is at aggregate versions, keeping the newest, so a
 * duplicate, a redelivered batch or an older version after a newer one changes nothing (ADR 013).
 */
export function projectionConsumer<T extends object>(
  group: ConsumerGroupSpec,
  projection: Projection<T>,
  handlers: ProjectionHandlers<T>,
): ConsumerDefinition {
  return { groupId: group.id, eventTopics: group.topics, onEvents: projectionBatchHandler(projection, handlers), idempotent: true };
}
