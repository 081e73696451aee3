import {
  ACTIVITY_PUBLISHED_V1,
  LIAISON_OFFICER_ASSIGNED_V1,
  ORGANISATION_REGISTERED_V1,
  type ActivityPublishedV1,
  type EventEnvelope,
  type LiaisonOfficerAssignedV1,
  type OrganisationRegisteredV1,
} from '@yp/contracts-events';
import type { Language, TemplateName } from '@notifications/templates/templates';

/**
 * What a recipient can choose to receive immediately, in a daily or weekly digest, or not at all.
 * `service` messages (a welcome) are always sent at once and cannot be turned off: there is one per
 * appointment.
 */
export const CATEGORIES = ['register', 'meetings', 'action-items', 'pilots'] as const;
export type Category = (typeof CATEGORIES)[number];
export type RuleCategory = Category | 'service';

export const CATEGORY_DESCRIPTIONS: Record<Category, Record<Language, string>> = {
  register: {
    fi: 'Uudet kumppanit ja asukkaille julkaistu toiminta kunnissasi',
    sv: 'Nya partner och ny verksamhet för invånare i dina kommuner',
    en: 'New partners and activities published for residents in your municipalities',
  },
  meetings: {
    fi: 'Kokouskutsut, siirrot ja peruutukset',
    sv: 'Mötesinbjudningar, ändringar och inställda möten',
    en: 'Meeting invitations, reschedules and cancellations',
  },
  'action-items': {
    fi: 'Erääntyneet tehtävät, joista vastaat',
    sv: 'Försenade uppgifter som du ansvarar för',
    en: 'Overdue action items you are responsible for',
  },
  pilots: {
    fi: 'Pilottikylät ja kehittämissuunnitelmat kunnissasi',
    sv: 'Pilotbyar och utvecklingsplaner i dina kommuner',
    en: 'Pilot villages and development plans in your municipalities',
  },
};

/** Where a rule's recipients come from; the RecipientResolver knows each kind. */
export type RecipientSource =
  | { readonly kind: 'liaison-officers-of-municipalities'; readonly municipalities: (event: EventEnvelope) => readonly string[] }
  | { readonly kind: 'person'; readonly personId: (event: EventEnvelope) => string };

/** Who receives what: data, not scattered code. Adding a rule is one entry plus a template. */
export interface NotificationRule {
  readonly eventType: string;
  readonly template: TemplateName;
  readonly category: RuleCategory;
  readonly recipients: RecipientSource;
  /**
   * What "the same email" means when not one per event: e.g. an activity is announced once, not
   * again on every edit of the published activity (each edit publishes the event again).
   */
  readonly onceFor?: (event: EventEnvelope) => string;
}

export const NOTIFICATION_RULES: readonly NotificationRule[] = Object.freeze([
  {
    eventType: ORGANISATION_REGISTERED_V1,
    template: 'organisation-registered',
    category: 'register',
    recipients: {
      kind: 'liaison-officers-of-municipalities',
      municipalities: (e: EventEnvelope) => (e.data as OrganisationRegisteredV1).municipalities,
    },
  },
  {
    eventType: ACTIVITY_PUBLISHED_V1,
    template: 'activity-published',
    category: 'register',
    recipients: {
      kind: 'liaison-officers-of-municipalities',
      municipalities: (e: EventEnvelope) => (e.data as ActivityPublishedV1).municipalities,
    },
    onceFor: (e: EventEnvelope) => `activity:${(e.data as ActivityPublishedV1).activityId}`,
  },
  {
    eventType: LIAISON_OFFICER_ASSIGNED_V1,
    template: 'liaison-officer-welcome',
    category: 'service',
    recipients: { kind: 'person', personId: (e: EventEnvelope) => (e.data as LiaisonOfficerAssignedV1).personId },
  },
] satisfies NotificationRule[]);

export function rulesFor(eventType: string): readonly NotificationRule[] {
  return NOTIFICATION_RULES.filter((r) => r.eventType === eventType);
}

/** What a liaison officer will receive, for the welcome email: the categories the rules use. */
export function categoriesReceivedBy(kind: RecipientSource['kind']): { category: Category; description: Record<Language, string> }[] {
  const used = new Set(
    NOTIFICATION_RULES.filter((r) => r.recipients.kind === kind && r.category !== 'service').map((r) => r.category as Category),
  );
  return CATEGORIES.filter((c) => used.has(c)).map((category) => ({ category, description: CATEGORY_DESCRIPTIONS[category] }));
}

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}
