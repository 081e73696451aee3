import { Controller, Delete, Get, HttpCode, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AddressHoldListResponseDto, ListDeliveriesQueryDto } from '@yp/contracts-http';
import { AppError } from '@yp/shared-bootstrap';
import { Allow } from '@gateway/access/access-policy.decorator';
import { idParam } from '@gateway/ids/id-param';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { NotificationsUpstream } from '@gateway/upstream/notifications.upstream';

const AddressHoldId = idParam({
  description: 'The hold id (32 hexadecimal digits), from GET /api/v1/notifications/address-holds',
  pattern: /^[0-9a-f]{32}$/,
  example: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  notFound: (id) => new AppError('NOTIFICATIONS.HOLD_NOT_FOUND', 404, 'Not found', `No address hold ${id}.`),
});

@ApiTags('notifications')
@ApiBearerAuth('user')
@Controller('api/v1/notifications/address-holds')
export class AddressHoldsController {
  constructor(private readonly notifications: NotificationsUpstream) {}

  @Get()
  @Allow('admin', 'coordinator')
  @ApiOperation({
    summary: 'Addresses on hold: the mail server refused them permanently (5xx), so later emails to them are not attempted',
    description: 'Addresses are masked. Release one (DELETE) once the person’s address has been corrected in the register.',
  })
  @ApiOkResponse({ type: AddressHoldListResponseDto })
  @ApiProblems(401, 403, 422, 429, 503)
  list(@Query() query: ListDeliveriesQueryDto, @Res() res: Response): Promise<void> {
    return this.notifications.relay(res, 'GET', '/address-holds', { query });
  }

  @Delete(':id')
  @Allow('admin', 'coordinator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Release an address hold: emails to the address are attempted again from the next event on' })
  @ApiNoContentResponse({ description: 'Released' })
  @ApiProblems(401, 403, 404, 429, 503)
  release(@AddressHoldId() id: string, @Res() res: Response): Promise<void> {
    return this.notifications.relay(res, 'DELETE', `/address-holds/${id}`);
  }
}
