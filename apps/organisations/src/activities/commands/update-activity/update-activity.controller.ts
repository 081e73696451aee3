import { Body, Controller, Headers, Param, Patch, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UpdateActivityRequestDto, type ActivityResponseDto } from '@yp/contracts-http';
import { parseIfMatch, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { activityNotFound } from '@organisations/activities/activity.errors';
import { presentActivity } from '@organisations/activities/activity.presenter';
import { UpdateActivityHandler } from './update-activity.handler';

@Controller('activities')
export class UpdateActivityController {
  constructor(private readonly handler: UpdateActivityHandler) {}

  @Patch(':id')
  async update(
    @Param('id') id: string,
    @Body() body: UpdateActivityRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ActivityResponseDto> {
    if (!/^act_[a-f0-9]{32}$/.test(id)) throw activityNotFound(id);
    const updated = await this.handler.execute(id, body, req.identity!, parseIfMatch(ifMatch));
    res.setHeader('ETag', `"${updated.version}"`);
    return presentActivity(updated);
  }
}
