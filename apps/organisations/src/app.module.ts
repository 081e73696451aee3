import { Module } from '@nestjs/common';
import { HealthModule, ServiceCoreModule } from '@yp/shared-bootstrap';
import { KafkaModule, OutboxModule } from '@yp/shared-kafka';
import { ActivitiesModule } from './activities/activities.module';
import { ContactsModule } from './contacts/contacts.module';
import { HsdsModule } from './hsds/hsds.module';
import { LiaisonOfficersModule } from './liaison-officers/liaison-officers.module';
import { OrganisationsConfig } from './organisations-config';
import { OrganisationsModule } from './organisations/organisations.module';
import { PartnershipsModule } from './partnerships/partnerships.module';

@Module({
  imports: [
    ServiceCoreModule.forRoot({ name: 'organisations', config: OrganisationsConfig, requireInternalIdentity: true, database: true }),
    // Ready while the database answers; the outbox relay reports its broker state and backlog (never unready on them).
    HealthModule.forRoot({ database: true }),
    KafkaModule,
    OutboxModule,
    OrganisationsModule,
    ActivitiesModule,
    LiaisonOfficersModule,
    ContactsModule,
    HsdsModule,
    PartnershipsModule,
  ],
})
export class AppModule {}
