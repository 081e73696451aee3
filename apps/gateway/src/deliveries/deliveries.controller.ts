import { Controller, Get, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DeliveryListResponseDto, ListDeliveryLogQueryDto } from '@yp/contracts-http';
import { Allow } from '@gateway/auth/access-policy.decorator';
import type { Caller } from '@gateway/auth/access-token';
import { CurrentIdentity } from '@gateway/auth/current-identity.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { UpstreamClient } from '@gateway/upstream/upstream.client';

@ApiTags('notifications')
@ApiBearerAuth('user')
@Controller('api/v1/notifications/deliveries')
export class DeliveriesController {
  private readonly baseUrl: string;

  constructor(
    private readonly upstream: UpstreamClient,
    config: ConfigService,
  ) {
    this.baseUrl = config.getOrThrow<string>('NOTIFICATIONS_URL');
  }

  @Get()
  @Allow('admin')
  @ApiOperation({ summary: 'The email delivery log (newest first): status, attempts, SMTP response' })
  @ApiOkResponse({ type: DeliveryListResponseDto })
  @ApiProblems(401, 403, 422, 429, 503)
  async list(@Query() query: ListDeliveryLogQueryDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: '/deliveries', query: { ...query }, identity }, res);
  }
}
