import type { Provider, Type } from '@nestjs/common';
import { EndpointDisabler } from './dispatch/endpoint-disabler';
import { EndpointHealthRepository } from './dispatch/endpoint-health.repository';
import { EndpointMonitor } from './dispatch/endpoint-monitor';
import { WebhookAttempt } from './dispatch/webhook-attempt';
import { WebhookClaims } from './dispatch/webhook-claims';
import { WebhookDeliveryRepository } from './dispatch/webhook-delivery.repository';
import { WebhookDispatcher } from './dispatch/webhook-dispatcher';
import { WebhookHousekeeping } from './dispatch/webhook-housekeeping';
import { WebhookNotices } from './dispatch/webhook-notices';
import { WebhookSender } from './dispatch/webhook-sender';
import { WebhookEventRepository } from './fan-out/webhook-event.repository';
import { WebhookFanOut } from './fan-out/webhook-fan-out';
import { CreateSubscriptionController } from './subscriptions/commands/create-subscription/create-subscription.controller';
import { CreateSubscriptionHandler } from './subscriptions/commands/create-subscription/create-subscription.handler';
import { DeleteSubscriptionController } from './subscriptions/commands/delete-subscription/delete-subscription.controller';
import { DeleteSubscriptionHandler } from './subscriptions/commands/delete-subscription/delete-subscription.handler';
import { ReplayDeliveriesController } from './subscriptions/commands/replay-deliveries/replay-deliveries.controller';
import { ReplayDeliveriesHandler } from './subscriptions/commands/replay-deliveries/replay-deliveries.handler';
import { RotateSecretController } from './subscriptions/commands/rotate-secret/rotate-secret.controller';
import { RotateSecretHandler } from './subscriptions/commands/rotate-secret/rotate-secret.handler';
import { UpdateSubscriptionController } from './subscriptions/commands/update-subscription/update-subscription.controller';
import { PauseOwnerSubscriptionsController } from './subscriptions/commands/pause-owner-subscriptions/pause-owner-subscriptions.controller';
import { UpdateSubscriptionHandler } from './subscriptions/commands/update-subscription/update-subscription.handler';
import { ListDeliveriesController } from './subscriptions/queries/list-deliveries/list-deliveries.controller';
import { GetSubscriptionController } from './subscriptions/queries/get-subscription/get-subscription.controller';
import { ListSubscriptionsController } from './subscriptions/queries/list-subscriptions/list-subscriptions.controller';
import { WebhookSecretRepository } from './subscriptions/secret.repository';
import { WebhookSubscriptionRepository } from './subscriptions/subscription.repository';
import { WebhookSettings } from './webhook-settings';

/**
 * Webhooks for integrators, registered in the notifications AppModule (beside the Mailer they use
 * for the disabled-endpoint notice). WebhookFanOut is what the organisations consumer calls per event.
 */
export const WEBHOOK_CONTROLLERS: Type[] = [
  CreateSubscriptionController,
  ListSubscriptionsController,
  GetSubscriptionController,
  UpdateSubscriptionController,
  PauseOwnerSubscriptionsController,
  DeleteSubscriptionController,
  RotateSecretController,
  ListDeliveriesController,
  ReplayDeliveriesController,
];

export const WEBHOOK_PROVIDERS: Provider[] = [
  WebhookSettings,
  WebhookSubscriptionRepository,
  WebhookSecretRepository,
  WebhookEventRepository,
  WebhookDeliveryRepository,
  EndpointHealthRepository,
  WebhookClaims,
  WebhookNotices,
  EndpointDisabler,
  EndpointMonitor,
  WebhookSender,
  WebhookAttempt,
  WebhookHousekeeping,
  WebhookDispatcher,
  WebhookFanOut,
  CreateSubscriptionHandler,
  UpdateSubscriptionHandler,
  DeleteSubscriptionHandler,
  RotateSecretHandler,
  ReplayDeliveriesHandler,
];
