import { Module } from '@nestjs/common';
import { CONSUMER_GROUPS } from '@yp/contracts-events';
import { HealthModule, ServiceCoreModule } from '@yp/shared-bootstrap';
import { KafkaModule } from '@yp/shared-kafka';
import { OrganisationDirectoryModule } from '@yp/shared-organisation-directory';
import { VillagesConfig } from './villages-config';

/** Walking skeleton: connects to its database and Kafka and keeps the organisation directory. Its domain comes later. */
@Module({
  imports: [
    ServiceCoreModule.forRoot({ name: 'villages', config: VillagesConfig, requireInternalIdentity: true, database: true }),
    HealthModule.forRoot({ database: true }),
    KafkaModule,
    OrganisationDirectoryModule.forRoot(CONSUMER_GROUPS.villagesOrganisationDirectory),
  ],
})
export class AppModule {}
