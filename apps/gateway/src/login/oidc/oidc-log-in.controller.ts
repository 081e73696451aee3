import { Controller, Get, Header, Ip, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { TokenResponseDto } from '@yp/contracts-http';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { AuthRateLimit } from '@gateway/security/rate-limit.guard';
import { Public } from '@gateway/access/access-policy.decorator';
import { OidcAuthGuard } from './oidc-auth.guard';
import { OidcLogInHandler } from './oidc-log-in.handler';

@ApiTags('auth')
@Controller('api/v1/auth/oidc')
export class OidcLogInController {
  constructor(private readonly handler: OidcLogInHandler) {}

  @Public()
  @AuthRateLimit()
  @UseGuards(OidcAuthGuard)
  @Get('login')
  @ApiOperation({
    summary: 'Log in through the welfare area’s identity provider (OpenID Connect)',
    description:
      'Open this in the browser: it redirects to the identity provider (authorisation code flow with PKCE, state and nonce) and keeps the pending request in a short-lived HttpOnly cookie. ' +
      'The provider sends the browser back to GET /api/v1/auth/oidc/callback. Present only when OIDC_ISSUER_URL is configured.',
  })
  @ApiResponse({
    status: 302,
    description: 'Redirect to the identity provider’s authorisation endpoint',
    headers: { Location: { schema: { type: 'string' } } },
  })
  @ApiProblems(429, 503)
  logIn(@Res() _response: Response): void {
    // The guard's strategy has already answered with the redirect.
  }

  @Public()
  @AuthRateLimit()
  @UseGuards(OidcAuthGuard)
  @Get('callback')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Finish an OpenID Connect login',
    description:
      'Where the identity provider returns the browser. Checks the response against the pending request (state, nonce, PKCE), redeems the code, and maps the ' +
      'OIDC_USERNAME_CLAIM (by default a verified email) to an existing, active user — accounts are never created here. Returns the same tokens as POST /api/v1/auth/token.',
  })
  @ApiQuery({ name: 'code', required: false, description: 'Authorisation code (from the provider)' })
  @ApiQuery({ name: 'state', required: false, description: 'State echoed by the provider' })
  @ApiQuery({ name: 'iss', required: false, description: 'Issuer identifier (RFC 9207)' })
  @ApiQuery({ name: 'error', required: false, description: 'Error from the provider, such as access_denied' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblems(401, 403, 429, 503)
  callback(@Req() request: Request & { user?: string }, @Ip() address: string): Promise<TokenResponseDto> {
    return this.handler.execute(request.user ?? '', address);
  }
}
