import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { ActivityResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { activityNotFound } from '@organisations/activities/activity.errors';
import { presentActivity } from '@organisations/activities/activity.presenter';
import { ActivityRepository } from '@organisations/activities/activity.repository';
import { canSeeActivity } from '@organisations/activities/activity.state';

@Controller('activities')
export class GetActivityController {
  constructor(private readonly activities: ActivityRepository) {}

  @Get(':id')
  async get(
    @Param('id') id: string,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ActivityResponseDto> {
    const found = /^act_[a-f0-9]{32}$/.test(id) ? await this.activities.load(id) : undefined;
    // Drafts of other regions, deleted activities and those of deleted organisations do not exist for the caller.
    if (!found || !canSeeActivity(req.identity!, found.state) || (await this.activities.organisationGone(found.state.organisationId)))
      throw activityNotFound(id);
    res.setHeader('ETag', `"${found.version}"`);
    return presentActivity(found);
  }
}
