import { Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { HealthController, READINESS_CHECKS, ServiceCoreModule, type ReadinessCheck } from '@yp/shared-bootstrap';
import { KafkaModule } from '@yp/shared-kafka';
import { OrganisationDirectoryConsumer } from './organisation-directory/organisation-directory.consumer';
import { OrganisationDirectoryController } from './organisation-directory/organisation-directory.controller';
import { VillagesConfig } from './villages-config';

/** Walking skeleton: connects to its database and Kafka and keeps the organisation directory. Its domain comes later. */
@Module({
  imports: [
    ServiceCoreModule.forRoot({ name: 'villages', config: VillagesConfig, requireInternalIdentity: true, database: true }),
    KafkaModule,
  ],
  controllers: [HealthController, OrganisationDirectoryController],
  providers: [
    OrganisationDirectoryConsumer,
    {
      provide: READINESS_CHECKS,
      inject: [getConnectionToken(), OrganisationDirectoryConsumer],
      useFactory: (connection: Connection, directory: OrganisationDirectoryConsumer): ReadinessCheck[] => [
        { name: 'database', check: async () => (await connection.db!.admin().ping()).ok === 1 },
        { name: 'consumer', check: () => Promise.resolve(directory.consumer.isRunning) },
      ],
    },
  ],
})
export class AppModule {}
