import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AssignLiaisonOfficerRequestDto, LiaisonOfficerResponseDto } from '@yp/contracts-http';
import { Allow, EVERY_ROLE } from '@gateway/auth/access-policy.decorator';
import type { Caller } from '@gateway/auth/access-token';
import { CurrentIdentity } from '@gateway/auth/current-identity.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { UpstreamClient } from '@gateway/upstream/upstream.client';

@ApiTags('liaison-officers')
@ApiBearerAuth('user')
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
  @Allow('admin', 'coordinator')
  @ApiOperation({
    summary: 'Assign a liaison officer (järjestöyhdyshenkilö) for municipalities',
    description: 'They will be emailed about new partners in their municipalities.',
  })
  @ApiCreatedResponse({ type: LiaisonOfficerResponseDto, headers: { ...ETAG, ...LOCATION } })
  @ApiProblems(400, 401, 403, 413, 415, 422, 503, 429)
  async assign(@Body() body: AssignLiaisonOfficerRequestDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(this.baseUrl, { method: 'POST', path: '/liaison-officers', body, identity }, res);
  }

  @Get(':id')
  @Allow(...EVERY_ROLE)
  @ApiBearerAuth('apiKey')
  @ApiOperation({
    summary: 'Get a liaison officer',
    description: 'Personal data: only callers of the officer’s regions see it (404 otherwise).',
  })
  @ApiOkResponse({ type: LiaisonOfficerResponseDto })
  @ApiProblems(401, 404, 503, 429)
  async get(@Param('id') id: string, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    const safe = /^lo_[a-f0-9]{32}$/.test(id) ? id : 'invalid-id';
    await this.upstream.relay(this.baseUrl, { method: 'GET', path: `/liaison-officers/${safe}`, identity }, res);
  }

  @Delete(':id')
  @Allow('admin', 'coordinator')
  @HttpCode(204)
  @ApiOperation({
    summary: 'End a liaison officer’s appointment',
    description:
      'They stop receiving email for those municipalities. The record stays with `removedAt`; their personal data is erased only by POST /api/v1/persons/{personId}/erase.',
  })
  @ApiNoContentResponse({ description: 'Removed (also when it already was)' })
  @ApiProblems(401, 403, 404, 503)
  async remove(@Param('id') id: string, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.upstream.relay(
      this.baseUrl,
      { method: 'DELETE', path: `/liaison-officers/${/^lo_[a-f0-9]{32}$/.test(id) ? id : 'invalid-id'}`, identity },
      res,
    );
  }
}
