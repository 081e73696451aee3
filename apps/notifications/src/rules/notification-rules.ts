import { ORGANISATION_REGISTERED_V1, type EventEnvelope, type OrganisationRegisteredV1 } from '@yp/contracts-events';
import type { TemplateName } from '../templates/templates';

/** Who receives what: data, not scattered code. Adding a rule is one entry plus a template. */
export interface NotificationRule {
  readonly eventType: string;
  readonly template: TemplateName;
  readonly category: 'register' | 'meetings' | 'pilots';
  /** Where recipients come from; resolved by the RecipientResolver. */
  readonly recipients: { readonly kind: 'liaison-officers-of-municipalities'; readonly municipalities: (event: EventEnvelope) => readonly string[] };
}

export const NOTIFICATION_RULES: readonly NotificationRule[] = Object.freeze([
  {
    eventType: ORGANISATION_REGISTERED_V1,
    template: 'organisation-registered',
    category: 'register',
    recipients: {
      kind: 'liaison-officers-of-municipalities',
      municipalities: (event: EventEnvelope) => (event.data as OrganisationRegisteredV1).municipalities,
    },
  },
]);

export function rulesFor(eventType: string): readonly NotificationRule[] {
  return NOTIFICATION_RULES.filter((r) => r.eventType === eventType);
}
