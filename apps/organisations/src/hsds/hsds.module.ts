import { Module } from '@nestjs/common';
import { HsdsRepository } from './hsds.repository';
import { GetOrganizationController } from './queries/get-organization/get-organization.controller';
import { GetServiceController } from './queries/get-service/get-service.controller';
import { ListOrganizationsController } from './queries/list-organizations/list-organizations.controller';
import { ListServicesController } from './queries/list-services/list-services.controller';

/** Open Referral HSDS 3.0 export: read-only, published data only. */
@Module({
  controllers: [ListServicesController, GetServiceController, ListOrganizationsController, GetOrganizationController],
  providers: [HsdsRepository],
})
export class HsdsModule {}
