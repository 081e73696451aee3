import { Controller, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { ActivityResponseDto } from '@yp/contracts-http';
import { parseIfMatch, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { activityNotFound } from '@organisations/activities/activity.errors';
import { presentActivity } from '@organisations/activities/activity.presenter';
import { ChangePublishingHandler, type PublishingAction } from './change-publishing.handler';

@Controller('activities')
export class ChangePublishingController {
  constructor(private readonly handler: ChangePublishingHandler) {}

  @Post(':id/publish')
  @HttpCode(200)
  publish(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.change(id, 'publish', ifMatch, req, res);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.change(id, 'withdraw', ifMatch, req, res);
  }

  private async change(
    id: string,
    action: PublishingAction,
    ifMatch: string | undefined,
    req: RequestWithIdentity,
    res: Response,
  ): Promise<ActivityResponseDto> {
    if (!/^act_[a-f0-9]{32}$/.test(id)) throw activityNotFound(id);
    const updated = await this.handler.execute(id, action, req.identity!, parseIfMatch(ifMatch));
    res.setHeader('ETag', `"${updated.version}"`);
    return presentActivity(updated);
  }
}
