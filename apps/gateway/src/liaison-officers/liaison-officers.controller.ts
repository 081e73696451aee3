import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AssignLiaisonOfficerRequestDto, LiaisonOfficerResponseDto } from '@yp/contracts-http';
import type { Identity } from '@yp/shared-bootstrap';
import { CurrentIdentity } from '../auth/current-identity.decorator';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { UpstreamClient } from '../upstream/upstream.client';

@ApiTags('liaison-officers')
@ApiBearerAuth()
@Controller('api/v1/liaison-officers')
export class LiaisonOfficersController {
  private readonly baseUrl: string;

  constructor(
    private readonly upstream: UpstreamClient,
    config: ConfigService,
  ) {
    this.baseUrl = config.getOrThrow<string>('ORGANISATIONS_URL');
  }

  @Post()
  @ApiOperation({ summary: 'Assign a liaison officer (järjestöyhdyshenkilö) for municipalities', description: 'They will be emailed about new partners in their municipalities.' })
  @ApiCreatedResponse({ type: LiaisonOfficerResponseDto })
  @ApiProblems(400, 401, 403, 413, 415, 422, 503)
  async assign(@Body() body: AssignLiaisonOfficerRequestDto, @CurrentIdentity() identity: Identity, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'POST', path: '/liaison-officers', body, identity }, res);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a liaison officer' })
  @ApiOkResponse({ type: LiaisonOfficerResponseDto })
  @ApiProblems(401, 404, 503)
  async get(@Param('id') id: string, @CurrentIdentity() identity: Identity, @Res() res: Response): Promise<void> {
    const safe = /^lo_[a-f0-9]{32}$/.test(id) ? id : 'invalid-id';
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: `/liaison-officers/${safe}`, identity }, res);
  }
}
