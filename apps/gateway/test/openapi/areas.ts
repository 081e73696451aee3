import { LOGIN_MAX_FAILURES, type Area } from './conformance-harness';
import { IDENTITY_ENTRIES } from './identity.table';
import { NOTIFICATION_ENTRIES } from './notifications.table';
import { ORGANISATION_ENTRIES } from './organisations.table';
import { PEOPLE_ENTRIES } from './people.table';

/**
 * The areas of the API, each run by one file of this folder (`<name>.e2e-spec.ts`, one line:
 * `describeConformanceArea(AREAS.<key>)`) with only the services its calls reach. Together their
 * entries must be exactly the document's operations, and every area must have its file:
 * document.e2e-spec.ts fails otherwise, so an operation cannot drop out of the run unnoticed.
 */
export const AREAS = {
  /** The register: everything the gateway relays to the organisations service. */
  register: { name: 'register', apps: ['gateway', 'organisations'], entries: [...ORGANISATION_ENTRIES, ...PEOPLE_ENTRIES] },
  /**
   * The gateway's own data (log-in, users, API keys, audit) and what it relays to the notifications
   * service; revoking an API key pauses the key's webhooks there too.
   */
  identityAndNotifications: {
    name: 'identity-and-notifications',
    apps: ['gateway', 'notifications'],
    env: { gateway: { LOGIN_MAX_FAILURES } },
    entries: [...IDENTITY_ENTRIES, ...NOTIFICATION_ENTRIES],
  },
} as const satisfies Record<string, Area>;
