import { Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { HealthController, READINESS_CHECKS, ServiceCoreModule, type ReadinessCheck } from '@yp/shared-bootstrap';
import { KafkaModule } from '@yp/shared-kafka';
import { ActivitiesModule } from './activities/activities.module';
import { ContactsModule } from './contacts/contacts.module';
import { HsdsModule } from './hsds/hsds.module';
import { LiaisonOfficersModule } from './liaison-officers/liaison-officers.module';
import { OrganisationsConfig } from './organisations-config';
import { OrganisationsModule } from './organisations/organisations.module';
import { OutboxModule, OutboxNudge } from './outbox/outbox-nudge';
import { PartnershipsModule } from './partnerships/partnerships.module';

@Module({
  imports: [
    ServiceCoreModule.forRoot({ name: 'organisations', config: OrganisationsConfig, requireInternalIdentity: true, database: true }),
    KafkaModule,
    OutboxModule,
    OrganisationsModule,
    ActivitiesModule,
    LiaisonOfficersModule,
    ContactsModule,
    HsdsModule,
    PartnershipsModule,
  ],
  controllers: [HealthController],
  providers: [
    {
      provide: READINESS_CHECKS,
      inject: [getConnectionToken(), OutboxNudge],
      useFactory: (connection: Connection, outbox: OutboxNudge): ReadinessCheck[] => [
        { name: 'database', check: async () => (await connection.db!.admin().ping()).ok === 1 },
        // Writes never depend on Kafka (the outbox queues them), so its state is reported, not required.
        {
          name: 'outbox',
          check: async () => `${outbox.relay.isConnected ? 'connected' : 'broker unreachable'}, backlog ${await outbox.relay.backlog()}`,
        },
      ],
    },
  ],
})
export class AppModule {}
