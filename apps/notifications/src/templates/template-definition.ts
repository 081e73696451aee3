import { isEventOf, type EventEnvelope, type EventType, type TypedEventEnvelope } from '@yp/contracts-events';
import type { Language } from '@notifications/vocabulary';
import type { EmailLinks, RecipientContext } from './email.types';

export interface ViewInput<E extends EventEnvelope = EventEnvelope> {
  readonly event: E;
  readonly language: Language;
  readonly links: EmailLinks;
  readonly recipient: RecipientContext;
}

/**
 * What a template needs besides its files: the event type it renders, and how to turn that event
 * into the values its messages and markup use. Views are plain, fully populated objects (absent
 * values as `null`) because the templates are compiled strict.
 */
export interface TemplateDefinition<View extends object = object> {
  readonly eventType: EventType;
  readonly view: (input: ViewInput) => View;
}

/** What the view of a template of `T` events gets: the event typed by that contract. */
export type TypedViewInput<T extends EventType> = ViewInput<TypedEventEnvelope<T>>;

/** A template of events of type `T`: its view reads the event typed by that contract, without casts. */
export function templateOf<T extends EventType, View extends object>(
  eventType: T,
  view: (input: TypedViewInput<T>) => View,
): TemplateDefinition<View> {
  return {
    eventType,
    view: (input) => {
      const { event } = input;
      if (!isEventOf(eventType, event)) throw new Error(`The view reads ${eventType} events, not ${event.type}`);
      return view({ ...input, event });
    },
  };
}
