import { AppError } from '@yp/shared-bootstrap';

export const invalidCredentials = () => new AppError('AUTH.INVALID_CREDENTIALS', 401, 'Unauthorised', 'Wrong username or password.');
export const lockedOut = (retryAfterSeconds: number) =>
  new AppError(
    'AUTH.LOCKED_OUT',
    429,
    'Too many failed logins',
    `Too many failed logins for this username; try again in ${retryAfterSeconds} s.`,
    {
      retryAfter: retryAfterSeconds,
    },
  );

export const notForKeys = () =>
  new AppError('AUTH.PEOPLE_ONLY', 403, 'Forbidden', 'Only a person’s login session can do this, not an API key.');
