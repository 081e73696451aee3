import { Body, Controller, Delete, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AssignLiaisonOfficerRequestDto, LiaisonOfficerResponseDto } from '@yp/contracts-http';
import { Allow, EVERY_ROLE } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { OrganisationsUpstream } from '@gateway/upstream/organisations.upstream';
import { LiaisonOfficerId } from '@gateway/register/register-ids';

@ApiTags('liaison-officers')
@ApiBearerAuth('user')
@Controller('api/v1/liaison-officers')
export class LiaisonOfficersController {
  constructor(private readonly organisations: OrganisationsUpstream) {}

  @Post()
  @Allow('admin', 'coordinator')
  @ApiOperation({
    summary: 'Assign a liaison officer (järjestöyhdyshenkilö) for municipalities',
    description: 'They will be emailed about new partners in their municipalities.',
  })
  @ApiCreatedResponse({ type: LiaisonOfficerResponseDto, headers: { ...ETAG, ...LOCATION } })
  @ApiProblems(400, 401, 403, 413, 415, 422, 503, 429)
  assign(@Body() body: AssignLiaisonOfficerRequestDto, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'POST', '/liaison-officers', { body });
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
  get(@LiaisonOfficerId() id: string, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', `/liaison-officers/${id}`);
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
  remove(@LiaisonOfficerId() id: string, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'DELETE', `/liaison-officers/${id}`);
  }
}
