import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Role, TokenResponseDto } from '@yp/contracts-http';
import { GatewayConfig } from '@gateway/config/gateway-config';
import type { IssuedSession } from './sessions.service';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, type AccessTokenClaims } from './access-token';

/** Signs access tokens (fixed algorithm and key id) for a session and pairs them with its refresh token. */
@Injectable()
export class TokenIssuer {
  private readonly ttlSeconds: number;
  private readonly keyId: string;

  constructor(
    private readonly jwt: JwtService,
    config: GatewayConfig,
  ) {
    this.ttlSeconds = config.ACCESS_TOKEN_TTL_SECONDS;
    this.keyId = config.JWT_KEY_ID;
  }

  /** `user`: what the token grants, the user's roles and regions now. */
  issue(session: IssuedSession, user: { readonly roles: readonly Role[]; readonly regions: readonly string[] }): TokenResponseDto {
    const claims: AccessTokenClaims = { sub: session.userId, sid: session.sessionId, roles: [...user.roles], regions: [...user.regions] };
    const accessToken = this.jwt.sign(claims, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      keyid: this.keyId,
      audience: ACCESS_TOKEN_AUDIENCE,
      issuer: ACCESS_TOKEN_ISSUER,
      expiresIn: this.ttlSeconds,
    });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.ttlSeconds,
      refreshToken: session.refreshToken,
      refreshExpiresIn: Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000)),
    };
  }
}
