import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CreateActivityRequestDto, type ActivityResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { presentActivity } from '@organisations/activities/activity.presenter';
import { CreateActivityHandler } from './create-activity.handler';

@Controller('activities')
export class CreateActivityController {
  constructor(private readonly handler: CreateActivityHandler) {}

  @Post()
  @HttpCode(201)
  async create(
    @Body() body: CreateActivityRequestDto,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ActivityResponseDto> {
    const created = await this.handler.execute(body, req.identity!);
    res.setHeader('ETag', `"${created.version}"`);
    res.setHeader('Location', `/api/v1/activities/${created.id}`);
    return presentActivity(created);
  }
}
