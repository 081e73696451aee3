import { Module } from '@nestjs/common';
import { CONSUMER_GROUPS } from '@yp/contracts-events';
import { HealthModule, ServiceCoreModule } from '@yp/shared-bootstrap';
import { KafkaModule } from '@yp/shared-kafka';
import { OrganisationDirectoryModule } from '@yp/shared-organisation-directory';
import { WorkingGroupsConfig } from './working-groups-config';

/** Walking skeleton: connects to its database and Kafka and keeps the organisation directory. Its domain comes later. */
@Module({
  imports: [
    ServiceCoreModule.forRoot({ name: 'working-groups', config: WorkingGroupsConfig, requireInternalIdentity: true, database: true }),
    HealthModule.forRoot({ database: true }),
    KafkaModule,
    OrganisationDirectoryModule.forRoot(CONSUMER_GROUPS.workingGroupsOrganisationDirectory),
  ],
})
export class AppModule {}
