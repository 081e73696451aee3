import { createHash, timingSafeEqual } from 'node:crypto';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { TokenRequestDto, TokenResponseDto } from '@yp/contracts-http';
import { AppError } from '@yp/shared-bootstrap';
import { ApiProblems } from '../../openapi/api-problems.decorator';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, ACCESS_TOKEN_TTL_SECONDS, type AccessTokenClaims } from '../access-token';
import { Public } from '../public.decorator';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Issues access tokens. For now one bootstrap admin account from configuration; user accounts,
 * API keys, refresh tokens and lockout come with the identity model.
 */
@ApiTags('auth')
@Controller('api/v1/auth')
export class IssueTokenController {
  constructor(
    private readonly config: ConfigService,
    private readonly jwt: JwtService,
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with a username and password; returns a bearer access token' })
  @ApiProblems(400, 401, 422)
  issue(@Body() body: TokenRequestDto): TokenResponseDto {
    const userOk = timingSafeEqual(digest(body.username), digest(this.config.getOrThrow<string>('BOOTSTRAP_ADMIN_USERNAME')));
    const passwordOk = timingSafeEqual(digest(body.password), digest(this.config.getOrThrow<string>('BOOTSTRAP_ADMIN_PASSWORD')));
    if (!userOk || !passwordOk) throw new AppError('AUTH.INVALID_CREDENTIALS', 401, 'Unauthorised', 'Wrong username or password.');
    const claims: AccessTokenClaims = { sub: 'bootstrap-admin', roles: ['admin'], regions: [] };
    const accessToken = this.jwt.sign(claims, {
      algorithm: 'HS256',
      keyid: this.config.getOrThrow<string>('JWT_KEY_ID'),
      audience: ACCESS_TOKEN_AUDIENCE,
      issuer: ACCESS_TOKEN_ISSUER,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }
}
