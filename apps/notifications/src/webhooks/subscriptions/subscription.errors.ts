import { AppError } from '@yp/shared-bootstrap';

export const subscriptionNotFound = (id: string) =>
  new AppError('WEBHOOK.NOT_FOUND', 404, 'Webhook subscription not found', `No webhook subscription with id ${id}.`);

export const webhooksForbidden = () =>
  new AppError('WEBHOOK.FORBIDDEN', 403, 'Forbidden', 'Webhooks are for API keys (integrations) and admins.');

export const webhookRegionForbidden = (regions: readonly string[]) =>
  new AppError(
    'WEBHOOK.REGION_FORBIDDEN',
    403,
    'Forbidden',
    `You may subscribe only to events of your own regions (${regions.join(', ') || 'none'}).`,
  );

export const subscriptionStale = (current: number) =>
  new AppError(
    'WEBHOOK.VERSION_MISMATCH',
    412,
    'Precondition failed',
    `The subscription has changed (now version ${current}); fetch it again and retry with its ETag.`,
    {
      currentVersion: current,
    },
  );

export const subscriptionInactive = () =>
  new AppError('WEBHOOK.INACTIVE', 409, 'Conflict', 'The subscription is not active; set active to true first, then replay.');

export const invalidWebhookField = (field: string, message: string) =>
  new AppError('REQUEST.VALIDATION_FAILED', 422, 'Request validation failed', 'The request has invalid fields; see errors.', {
    errors: [{ field, message }],
  });
