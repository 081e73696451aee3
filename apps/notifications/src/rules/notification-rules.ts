import {
  ACTIVITY_PUBLISHED_V1,
  LIAISON_OFFICER_ASSIGNED_V1,
  ORGANISATION_REGISTERED_V1,
  isEventOf,
  type EventEnvelope,
  type EventType,
  type TypedEventEnvelope,
} from '@yp/contracts-events';
import type { TemplateName } from '@notifications/templates/templates';
import { CATEGORIES, CATEGORY_DESCRIPTIONS, type Category, type Language, type RuleCategory } from '@notifications/vocabulary';

/** Where a rule's recipients come from; the planner knows each kind. */
export type RecipientSource =
  | { readonly kind: 'liaison-officers-of-municipalities'; readonly municipalities: (event: EventEnvelope) => readonly string[] }
  | { readonly kind: 'person'; readonly personId: (event: EventEnvelope) => string };

/** Who receives what: data, not scattered code. Adding a rule is one entry plus a template. */
export interface NotificationRule {
  readonly eventType: EventType;
  readonly template: TemplateName;
  readonly category: RuleCategory;
  readonly recipients: RecipientSource;
  /**
   * What "the same email" means when not one per event: e.g. an activity is announced once, not
   * again on every edit of the published activity (each edit publishes the event again).
   */
  readonly onceFor?: (event: EventEnvelope) => string;
}

/** A rule as written: its functions read the event typed by the contract of `T`. */
interface RuleDefinition<T extends EventType> {
  readonly template: TemplateName;
  readonly category: RuleCategory;
  readonly recipients:
    | { readonly kind: 'liaison-officers-of-municipalities'; readonly municipalities: (event: TypedEventEnvelope<T>) => readonly string[] }
    | { readonly kind: 'person'; readonly personId: (event: TypedEventEnvelope<T>) => string };
  readonly onceFor?: (event: TypedEventEnvelope<T>) => string;
}

/** A rule for events of type `T`, without casts of `event.data` (applying it to another type is a bug and throws). */
function on<T extends EventType>(eventType: T, definition: RuleDefinition<T>): NotificationRule {
  const typed = (event: EventEnvelope): TypedEventEnvelope<T> => {
    if (isEventOf(eventType, event)) return event;
    throw new Error(`The ${definition.template} rule reads ${eventType} events, not ${event.type}`);
  };
  const { recipients, onceFor } = definition;
  return {
    eventType,
    template: definition.template,
    category: definition.category,
    recipients:
      recipients.kind === 'person'
        ? { kind: 'person', personId: (event) => recipients.personId(typed(event)) }
        : { kind: recipients.kind, municipalities: (event) => recipients.municipalities(typed(event)) },
    ...(onceFor ? { onceFor: (event: EventEnvelope) => onceFor(typed(event)) } : {}),
  };
}

export const NOTIFICATION_RULES: readonly NotificationRule[] = Object.freeze([
  on(ORGANISATION_REGISTERED_V1, {
    template: 'organisation-registered',
    category: 'register',
    recipients: { kind: 'liaison-officers-of-municipalities', municipalities: (e) => e.data.municipalities },
  }),
  on(ACTIVITY_PUBLISHED_V1, {
    template: 'activity-published',
    category: 'register',
    recipients: { kind: 'liaison-officers-of-municipalities', municipalities: (e) => e.data.municipalities },
    onceFor: (e) => `activity:${e.data.activityId}`,
  }),
  on(LIAISON_OFFICER_ASSIGNED_V1, {
    template: 'liaison-officer-welcome',
    category: 'service',
    recipients: { kind: 'person', personId: (e) => e.data.personId },
  }),
]);

export function rulesFor(eventType: string): readonly NotificationRule[] {
  return NOTIFICATION_RULES.filter((r) => r.eventType === eventType);
}

/** What a liaison officer will receive, for the welcome email: the categories the rules use. */
export function categoriesReceivedBy(
  kind: RecipientSource['kind'],
): { category: Category; description: Readonly<Record<Language, string>> }[] {
  const used = new Set<RuleCategory>(NOTIFICATION_RULES.filter((r) => r.recipients.kind === kind).map((r) => r.category));
  return CATEGORIES.filter((c) => used.has(c)).map((category) => ({ category, description: CATEGORY_DESCRIPTIONS[category] }));
}
