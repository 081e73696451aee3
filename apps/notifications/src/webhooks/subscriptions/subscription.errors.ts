import { AppError, RequestValidationError, aggregateErrors } from '@yp/shared-bootstrap';

const errors = aggregateErrors('WEBHOOK', 'webhook subscription', 'subscription');

export const subscriptionNotFound = errors.notFound;

export const webhooksForbidden = () =>
  new AppError('WEBHOOK.FORBIDDEN', 403, 'Forbidden', 'Webhooks are for API keys (integrations) and admins.');

export const webhookRegionForbidden = (regions: readonly string[]) =>
  new AppError(
    'WEBHOOK.REGION_FORBIDDEN',
    403,
    'Forbidden',
    `You may subscribe only to events of your own regions (${regions.join(', ') || 'none'}).`,
  );

export const subscriptionStale = errors.stale;

export const subscriptionInactive = () =>
  new AppError('WEBHOOK.INACTIVE', 409, 'Conflict', 'The subscription is not active; set active to true first, then replay.');

export const invalidWebhookField = (field: string, message: string) => new RequestValidationError([{ field, message }]);
