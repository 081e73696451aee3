import { Controller, Delete, Headers, HttpCode, Param, Req } from '@nestjs/common';
import { parseIfMatch, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { activityNotFound } from '@organisations/activities/activity.errors';
import { DeleteActivityHandler } from './delete-activity.handler';

@Controller('activities')
export class DeleteActivityController {
  constructor(private readonly handler: DeleteActivityHandler) {}

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Req() req: RequestWithIdentity): Promise<void> {
    if (!/^act_[a-f0-9]{32}$/.test(id)) throw activityNotFound(id);
    await this.handler.execute(id, req.identity!, parseIfMatch(ifMatch));
  }
}
