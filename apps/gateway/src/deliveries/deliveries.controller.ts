import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DeliveryListResponseDto, ListDeliveryLogQueryDto } from '@yp/contracts-http';
import { Allow } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { NotificationsUpstream } from '@gateway/upstream/notifications.upstream';

@ApiTags('notifications')
@ApiBearerAuth('user')
@Controller('api/v1/notifications/deliveries')
export class DeliveriesController {
  constructor(private readonly notifications: NotificationsUpstream) {}

  @Get()
  @Allow('admin')
  @ApiOperation({ summary: 'The email delivery log (newest first): status, attempts, SMTP response' })
  @ApiOkResponse({ type: DeliveryListResponseDto })
  @ApiProblems(401, 403, 422, 429, 503)
  list(@Query() query: ListDeliveryLogQueryDto, @Res() res: Response): Promise<void> {
    return this.notifications.relay(res, 'GET', '/deliveries', { query });
  }
}
