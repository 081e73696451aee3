import type { Identity } from '@yp/shared-bootstrap';

/** The authenticated caller at the gateway: the identity passed on, plus how it was proven. */
export interface Caller extends Identity {
  readonly kind: 'user' | 'key';
  /** The login session (people only). */
  readonly sessionId?: string;
}
