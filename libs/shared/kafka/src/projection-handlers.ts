import type { EventEnvelope, EventType, TypedEventEnvelope } from '@yp/contracts-events';
import type { Projection } from '@yp/shared-persistence';
import type { EventHandlers, MessageContext } from './event-consumer';

/**
 * What a projection keeps of each event type it follows, typed by the event's contract: the new
 * data of the aggregate (`event.subject`), or `null` when the aggregate is gone. Types without an
 * entry are skipped.
 */
export type ProjectionHandlers<T extends object> = {
  readonly [K in EventType]?: (event: TypedEventEnvelope<K>) => T | null;
};

/**
 * Event handlers that apply each event to the projection at its aggregate version: a duplicate, a
 * replay or an older version changes nothing (the inbox skips what this group already processed;
 * the version check covers the rest, e.g. an event that two relays published twice).
 */
export function projectionHandlers<T extends object>(projection: Projection<T>, handlers: ProjectionHandlers<T>): EventHandlers {
  const out: Partial<Record<EventType, (event: EventEnvelope, context: MessageContext) => Promise<void>>> = {};
  for (const type of Object.keys(handlers) as EventType[]) {
    // The codec validated `data` against the contract of `type` (decodeEvent), as dispatchByType relies on.
    const project = handlers[type] as (event: EventEnvelope) => T | null;
    out[type] = async (event) => {
      await projection.apply(event.subject, event.aggregateversion, project(event));
    };
  }
  return out;
}
