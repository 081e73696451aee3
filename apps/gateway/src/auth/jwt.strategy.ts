import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Identity } from '@yp/shared-bootstrap';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, identityFromClaims, type AccessTokenClaims } from './access-token';

/** Bearer JWTs: HS256 only (no `alg: none`, no algorithm switching), fixed audience and issuer. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(config: ConfigService) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.getOrThrow<string>('JWT_SECRET'),
      algorithms: ['HS256'],
      audience: ACCESS_TOKEN_AUDIENCE,
      issuer: ACCESS_TOKEN_ISSUER,
      ignoreExpiration: false,
    });
  }

  validate(claims: AccessTokenClaims): Identity {
    return identityFromClaims(claims);
  }
}
