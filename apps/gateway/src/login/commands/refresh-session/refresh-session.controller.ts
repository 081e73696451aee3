import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RefreshRequestDto, TokenResponseDto } from '@yp/contracts-http';
import { AppError } from '@yp/shared-bootstrap';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { AuthRateLimit } from '@gateway/security/rate-limit.guard';
import { UserRepository } from '@gateway/users/user.repository';
import { Public } from '@gateway/access/access-policy.decorator';
import { SessionsService } from '@gateway/sessions/sessions.service';
import { TokenIssuer } from '@gateway/sessions/token-issuer';

@ApiTags('auth')
@Controller('api/v1/auth')
export class RefreshSessionController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly users: UserRepository,
    private readonly tokens: TokenIssuer,
  ) {}

  @Public()
  @AuthRateLimit()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new access token and refresh token',
    description: 'Each refresh token works once. Presenting one again ends its session (it was copied or replayed).',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblems(400, 401, 413, 415, 422, 429)
  async refresh(@Body() body: RefreshRequestDto, @Res({ passthrough: true }) res: Response): Promise<TokenResponseDto> {
    const session = await this.sessions.refresh(body.refreshToken);
    res.locals.auditActor = `user:${session.userId}`;
    res.setHeader('cache-control', 'no-store');
    const user = await this.users.load(session.userId);
    if (!user || user.state.disabled) {
      await this.sessions.revoke(session.sessionId, 'user-changed');
      throw new AppError('AUTH.REFRESH_TOKEN_INVALID', 401, 'Unauthorised', 'The session has ended; log in again.');
    }
    return this.tokens.issue(session, user.state);
  }
}
