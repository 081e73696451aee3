import { randomUUID } from 'node:crypto';
import type { Identity, RequestWithIdentity } from '@yp/shared-bootstrap';
import { runWithContext } from '@yp/shared-context';

/** Region codes of the two networks (Statistics Finland). */
export const NORTH_OSTROBOTHNIA = '17';
export const LAPLAND = '19';

/**
 * Callers as the gateway forwards them to a service (roles and the regions they may write in), for
 * tests that call a service's handlers directly.
 */
export const CALLERS = {
  admin: { actor: 'user:usr_test_admin', roles: ['admin'], regions: [] },
  coordinatorNorthOstrobothnia: { actor: 'user:usr_test_coordinator_17', roles: ['coordinator'], regions: [NORTH_OSTROBOTHNIA] },
  coordinatorLapland: { actor: 'user:usr_test_coordinator_19', roles: ['coordinator'], regions: [LAPLAND] },
  /** A read-write API key (role `integration`) of North Ostrobothnia. */
  integrationNorthOstrobothnia: { actor: 'key:key_test_integration_17', roles: ['integration'], regions: [NORTH_OSTROBOTHNIA] },
  /** A read-only API key (role `integration-reader`) of North Ostrobothnia. */
  readerNorthOstrobothnia: { actor: 'key:key_test_reader_17', roles: ['integration-reader'], regions: [NORTH_OSTROBOTHNIA] },
  liaisonOfficerNorthOstrobothnia: { actor: 'user:usr_test_liaison_17', roles: ['liaison-officer'], regions: [NORTH_OSTROBOTHNIA] },
} as const satisfies Record<string, Identity>;

/**
 * Runs `work` inside the request context an HTTP call to the service would have (its correlation id,
 * the caller as actor), so that what it writes (event envelopes, audit fields) says who and which
 * request, as in production.
 */
export function asCaller<T>(identity: Identity, work: () => Promise<T>, correlationId: string = randomUUID()): Promise<T> {
  return runWithContext({ correlationId, actor: identity.actor }, work);
}

/** A request as a service's identity guard leaves it (the caller only), for calling a controller directly. */
export function requestAs(identity: Identity): RequestWithIdentity {
  return { identity } as RequestWithIdentity;
}
