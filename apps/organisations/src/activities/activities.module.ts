import { Module } from '@nestjs/common';
import { OrganisationsModule } from '@organisations/organisations/organisations.module';
import { ActivityRepository } from './activity.repository';
import { ChangePublishingController } from './commands/change-publishing/change-publishing.controller';
import { ChangePublishingHandler } from './commands/change-publishing/change-publishing.handler';
import { CreateActivityController } from './commands/create-activity/create-activity.controller';
import { CreateActivityHandler } from './commands/create-activity/create-activity.handler';
import { DeleteActivityController } from './commands/delete-activity/delete-activity.controller';
import { DeleteActivityHandler } from './commands/delete-activity/delete-activity.handler';
import { UpdateActivityController } from './commands/update-activity/update-activity.controller';
import { UpdateActivityHandler } from './commands/update-activity/update-activity.handler';
import { OrganisationTouch } from './organisation-touch';
import { ValiditySweep } from './validity-sweep';
import { GetActivityController } from './queries/get-activity/get-activity.controller';
import { ListActivitiesController } from './queries/list-activities/list-activities.controller';

/**
 * Activities, and `OrganisationTouch`: the handler of the organisation-touch follow-up that every
 * owned change commits, so a module whose changes carry it imports this one.
 */
@Module({
  imports: [OrganisationsModule],
  controllers: [
    CreateActivityController,
    UpdateActivityController,
    ChangePublishingController,
    DeleteActivityController,
    ListActivitiesController,
    GetActivityController,
  ],
  providers: [
    ActivityRepository,
    OrganisationTouch,
    ValiditySweep,
    CreateActivityHandler,
    UpdateActivityHandler,
    ChangePublishingHandler,
    DeleteActivityHandler,
  ],
})
export class ActivitiesModule {}
