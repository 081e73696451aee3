import { Body, Controller, HttpCode, Ip, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TokenRequestDto, TokenResponseDto } from '@yp/contracts-http';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { AuthRateLimit } from '@gateway/security/rate-limit.guard';
import { Public } from '@gateway/access/access-policy.decorator';
import { LogInHandler } from './log-in.handler';

@ApiTags('auth')
@Controller('api/v1/auth')
export class LogInController {
  constructor(private readonly handler: LogInHandler) {}

  @Public()
  @AuthRateLimit()
  @Post('token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with a username and password',
    description:
      'Returns a short-lived access token (JWT) and a single-use refresh token. Repeated failures lock the username out for a while (429).',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblems(400, 401, 413, 415, 422, 429)
  async logIn(@Body() body: TokenRequestDto, @Ip() address: string, @Res({ passthrough: true }) res: Response): Promise<TokenResponseDto> {
    const { tokens, userId } = await this.handler.execute(body.username, body.password, address);
    res.locals.auditActor = `user:${userId}`;
    res.setHeader('cache-control', 'no-store');
    return tokens;
  }
}
