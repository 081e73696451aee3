import { AppError } from '@yp/shared-bootstrap';

export const apiKeyNotFound = (id: string) => new AppError('API_KEY.NOT_FOUND', 404, 'API key not found', `No API key with id ${id}.`);
export const apiKeyRevoked = (id: string) =>
  new AppError('API_KEY.REVOKED', 409, 'API key revoked', `API key ${id} has been revoked; create a new one.`);
export const apiKeyInvalid = (detail: string) => new AppError('AUTH.API_KEY_INVALID', 401, 'Unauthorised', detail);
export const badExpiry = (message: string) =>
  new AppError('REQUEST.VALIDATION_FAILED', 422, 'Request validation failed', 'The request has invalid fields; see errors.', {
    errors: [{ field: 'expiresAt', message }],
  });
