import { Module } from '@nestjs/common';
import { MailerModule } from '@notifications/deliveries/mailer.module';
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
import { WebhookEventsConsumer } from './fan-out/webhook-events.consumer';
import { WebhookFanOut } from './fan-out/webhook-fan-out';
import { CreateSubscriptionController } from './subscriptions/commands/create-subscription/create-subscription.controller';
import { CreateSubscriptionHandler } from './subscriptions/commands/create-subscription/create-subscription.handler';
import { DeleteSubscriptionController } from './subscriptions/commands/delete-subscription/delete-subscription.controller';
import { DeleteSubscriptionHandler } from './subscriptions/commands/delete-subscription/delete-subscription.handler';
import { PauseOwnerSubscriptionsController } from './subscriptions/commands/pause-owner-subscriptions/pause-owner-subscriptions.controller';
import { ReplayDeliveriesController } from './subscriptions/commands/replay-deliveries/replay-deliveries.controller';
import { ReplayDeliveriesHandler } from './subscriptions/commands/replay-deliveries/replay-deliveries.handler';
import { RotateSecretController } from './subscriptions/commands/rotate-secret/rotate-secret.controller';
import { RotateSecretHandler } from './subscriptions/commands/rotate-secret/rotate-secret.handler';
import { UpdateSubscriptionController } from './subscriptions/commands/update-subscription/update-subscription.controller';
import { UpdateSubscriptionHandler } from './subscriptions/commands/update-subscription/update-subscription.handler';
import { GetSubscriptionController } from './subscriptions/queries/get-subscription/get-subscription.controller';
import { ListDeliveriesController } from './subscriptions/queries/list-deliveries/list-deliveries.controller';
import { ListSubscriptionsController } from './subscriptions/queries/list-subscriptions/list-subscriptions.controller';
import { WebhookSecretRepository } from './subscriptions/secret.repository';
import { WebhookSubscriptionRepository } from './subscriptions/subscription.repository';
import { WebhookSettings } from './webhook-settings';

/**
 * Webhooks for integrators: subscriptions (HTTP), the fan-out of every organisations event in its
 * own consumer group (`notifications.webhooks`), the dispatcher and its housekeeping. Uses the
 * Mailer for the disabled-endpoint notice; exports its consumer for the readiness check.
 */
@Module({
  imports: [MailerModule],
  controllers: [
    CreateSubscriptionController,
    ListSubscriptionsController,
    GetSubscriptionController,
    UpdateSubscriptionController,
    PauseOwnerSubscriptionsController,
    DeleteSubscriptionController,
    RotateSecretController,
    ListDeliveriesController,
    ReplayDeliveriesController,
  ],
  providers: [
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
    WebhookEventsConsumer,
    CreateSubscriptionHandler,
    UpdateSubscriptionHandler,
    DeleteSubscriptionHandler,
    RotateSecretHandler,
    ReplayDeliveriesHandler,
  ],
  exports: [WebhookEventsConsumer],
})
export class WebhooksModule {}
