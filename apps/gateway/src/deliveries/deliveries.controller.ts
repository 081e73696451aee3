import { Controller, Get, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError, type Identity } from '@yp/shared-bootstrap';
import { CurrentIdentity } from '../auth/current-identity.decorator';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { UpstreamClient } from '../upstream/upstream.client';

@ApiTags('notifications')
@ApiBearerAuth()
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
  @ApiOperation({ summary: 'The email delivery log (newest first): status, attempts, SMTP response' })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  @ApiProblems(401, 403, 422, 503)
  async list(@Query('limit') limit: string | undefined, @CurrentIdentity() identity: Identity, @Res() res: Response): Promise<void> {
    if (!identity.roles.includes('admin')) throw new AppError('AUTH.FORBIDDEN', 403, 'Forbidden', 'Only admins may read the delivery log.');
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: '/deliveries', query: { limit }, identity }, res);
  }
}
