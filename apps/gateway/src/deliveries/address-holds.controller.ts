import { Controller, Delete, Get, HttpCode, Param, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AddressHoldListResponseDto, ListDeliveriesQueryDto } from '@yp/contracts-http';
import { Allow } from '@gateway/auth/access-policy.decorator';
import type { Caller } from '@gateway/auth/access-token';
import { CurrentIdentity } from '@gateway/auth/current-identity.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { UpstreamClient } from '@gateway/upstream/upstream.client';

@ApiTags('notifications')
@ApiBearerAuth('user')
@Controller('api/v1/notifications/address-holds')
export class AddressHoldsController {
  private readonly baseUrl: string;

  constructor(
    private readonly upstream: UpstreamClient,
    config: ConfigService,
  ) {
    this.baseUrl = config.getOrThrow<string>('NOTIFICATIONS_URL');
  }

  @Get()
  @Allow('admin', 'coordinator')
  @ApiOperation({
    summary: 'Addresses on hold: the mail server refused them permanently (5xx), so later emails to them are not attempted',
    description: 'Addresses are masked. Release one (DELETE) once the person’s address has been corrected in the register.',
  })
  @ApiOkResponse({ type: AddressHoldListResponseDto })
  @ApiProblems(401, 403, 422, 429, 503)
  async list(@Query() query: ListDeliveriesQueryDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: '/address-holds', query: { ...query }, identity }, res);
  }

  @Delete(':id')
  @Allow('admin', 'coordinator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Release an address hold: emails to the address are attempted again from the next event on' })
  @ApiNoContentResponse({ description: 'Released' })
  @ApiProblems(401, 403, 404, 429, 503)
  async release(@Param('id') id: string, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'DELETE', path: `/address-holds/${encodeURIComponent(id)}`, identity }, res);
  }
}
