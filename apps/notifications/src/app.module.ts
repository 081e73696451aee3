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
import { Mailer } from './deliveries/mailer';
import { NotificationsConfig } from './notifications-config';
import { RecipientRepository } from './recipients/recipient.repository';
import { DigestScheduler } from './digests/digest-scheduler';
import { AddressHoldRepository } from './holds/address-hold.repository';
import { HoldsController } from './holds/holds.controller';
import { EmailLinkBuilder } from './preferences/email-links';
import { PreferenceRepository } from './preferences/preference.repository';
import { PreferencesController } from './preferences/preferences.controller';
import { NotificationPlanner } from './rules/notification-planner';
import { WEBHOOK_CONTROLLERS, WEBHOOK_PROVIDERS } from './webhooks/webhooks.providers';

@Module({
  imports: [
    ServiceCoreModule.forRoot({ name: 'notifications', config: NotificationsConfig, requireInternalIdentity: true, database: true }),
    KafkaModule,
  ],
  controllers: [HealthController, DeliveriesController, HoldsController, PreferencesController, ...WEBHOOK_CONTROLLERS],
  providers: [
    RecipientRepository,
    DeliveryRepository,
    Mailer,
    DeliveryWorker,
    AddressHoldRepository,
    PreferenceRepository,
    EmailLinkBuilder,
    NotificationPlanner,
    DigestScheduler,
    DeliveryRetention,
    OrganisationsEventsConsumer,
    ...WEBHOOK_PROVIDERS,
    {
      provide: READINESS_CHECKS,
      inject: [getConnectionToken(), OrganisationsEventsConsumer],
      useFactory: (connection: Connection, consumer: OrganisationsEventsConsumer): ReadinessCheck[] => [
        { name: 'database', check: async () => (await connection.db!.admin().ping()).ok === 1 },
        { name: 'consumer', check: () => Promise.resolve(consumer.consumer.isRunning) },
      ],
    },
  ],
})
export class AppModule {}
