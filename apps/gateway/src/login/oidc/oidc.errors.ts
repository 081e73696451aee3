import { AppError } from '@yp/shared-bootstrap';

/** The provider refused, the user cancelled, or the response did not match the request (state, nonce, PKCE, code). */
export const oidcLoginFailed = (detail: string) => new AppError('AUTH.OIDC_FAILED', 401, 'Unauthorised', detail);

/** The provider vouched for someone who has no active user account here (no auto-provisioning). */
export const oidcUserUnknown = () =>
  new AppError(
    'AUTH.OIDC_USER_UNKNOWN',
    403,
    'Forbidden',
    'No active user account matches this identity; ask an admin to create one with your login as username.',
  );

/** The provider's answer lacks what maps it to a user (the username claim, or a verified email). */
export const oidcClaimRejected = (detail: string) => new AppError('AUTH.OIDC_CLAIM_REJECTED', 403, 'Forbidden', detail);

/** The provider could not be reached or answered something unusable. */
export const oidcUnavailable = () =>
  new AppError('AUTH.OIDC_UNAVAILABLE', 503, 'Service unavailable', 'The identity provider could not be reached; try again later.');
