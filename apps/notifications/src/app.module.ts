import { Module } from '@nestjs/common';
import { HealthModule, ServiceCoreModule } from '@yp/shared-bootstrap';
import { EventConsumersModule, KafkaModule } from '@yp/shared-kafka';
import { BULK_SUMMARY_PROVIDERS } from './bulk-summaries/bulk-summaries.providers';
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
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({
  imports: [
    ServiceCoreModule.forRoot({ name: 'notifications', config: NotificationsConfig, requireInternalIdentity: true, database: true }),
    HealthModule.forRoot({ database: true }),
    KafkaModule,
    EventConsumersModule,
    MailerModule,
    WebhooksModule,
  ],
  controllers: [DeliveriesController, HoldsController, PreferencesController],
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
    ...BULK_SUMMARY_PROVIDERS,
    OrganisationsEventsConsumer,
  ],
})
export class AppModule {}
