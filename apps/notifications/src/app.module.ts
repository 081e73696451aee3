import { Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { HealthController, READINESS_CHECKS, ServiceCoreModule, type ReadinessCheck } from '@yp/shared-bootstrap';
import { KafkaModule } from '@yp/shared-kafka';
import { OrganisationsEventsConsumer } from './consumers/organisations-events.consumer';
import { DeliveriesController } from './deliveries/deliveries.controller';
import { DeliveryRepository } from './deliveries/delivery.repository';
import { DeliveryRetention } from './deliveries/delivery-retention';
import { DeliveryWorker } from './deliveries/delivery-worker';
import { MailerModule } from './deliveries/mailer.module';
import { DigestScheduler } from './digests/digest-scheduler';
import { ErasePersonHandler } from './erasure/erase-person.handler';
import { AddressHoldRepository } from './holds/address-hold.repository';
import { HoldsController } from './holds/holds.controller';
import { NotificationsConfig } from './notifications-config';
import { NotificationPlanner } from './planning/notification-planner';
import { EmailLinkBuilder } from './preferences/email-links';
import { PreferenceRepository } from './preferences/preference.repository';
import { PreferencesController } from './preferences/preferences.controller';
import { RecipientRepository } from './recipients/recipient.repository';
import { WebhookEventsConsumer } from './webhooks/fan-out/webhook-events.consumer';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({
  imports: [
    ServiceCoreModule.forRoot({ name: 'notifications', config: NotificationsConfig, requireInternalIdentity: true, database: true }),
    KafkaModule,
    MailerModule,
    WebhooksModule,
  ],
  controllers: [HealthController, DeliveriesController, HoldsController, PreferencesController],
  providers: [
    RecipientRepository,
    DeliveryRepository,
    DeliveryWorker,
    AddressHoldRepository,
    PreferenceRepository,
    EmailLinkBuilder,
    NotificationPlanner,
    ErasePersonHandler,
    DigestScheduler,
    DeliveryRetention,
    OrganisationsEventsConsumer,
    {
      provide: READINESS_CHECKS,
      inject: [getConnectionToken(), OrganisationsEventsConsumer, WebhookEventsConsumer],
      useFactory: (connection: Connection, email: OrganisationsEventsConsumer, webhooks: WebhookEventsConsumer): ReadinessCheck[] => [
        { name: 'database', check: async () => (await connection.db!.admin().ping()).ok === 1 },
        { name: 'consumer', check: () => Promise.resolve(email.consumer.isRunning) },
        { name: 'webhook-consumer', check: () => Promise.resolve(webhooks.consumer.isRunning) },
      ],
    },
  ],
})
export class AppModule {}
