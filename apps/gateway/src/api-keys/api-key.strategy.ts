import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { ApiKeysService } from './api-keys.service';
import type { Caller } from '@gateway/access/caller';

/** Systems' API keys, sent as `Authorization: Bearer ypk_…`. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, 'api-key') {
  constructor(private readonly keys: ApiKeysService) {
    super();
  }

  validate(token: string): Promise<Caller> {
    return this.keys.authenticate(token);
  }
}
