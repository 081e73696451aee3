import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { Allow } from '@gateway/access/access-policy.decorator';
import type { Caller } from '@gateway/access/caller';
import { CurrentIdentity } from '@gateway/access/current-identity.decorator';
import { SessionsService } from '@gateway/sessions/sessions.service';
import { notForKeys } from '@gateway/login/login.errors';

@ApiTags('auth')
@ApiBearerAuth('user')
@Controller('api/v1/auth')
export class LogOutController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('logout')
  @Allow('admin', 'coordinator', 'liaison-officer')
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session', description: 'Its access token and refresh token stop working at once.' })
  @ApiNoContentResponse({ description: 'Logged out' })
  @ApiProblems(401, 403, 429)
  async logOut(@CurrentIdentity() caller: Caller): Promise<void> {
    if (!caller.sessionId) throw notForKeys();
    await this.sessions.revoke(caller.sessionId, 'logout');
  }
}
