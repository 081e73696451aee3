import { Module } from '@nestjs/common';
import { UpstreamModule } from '@gateway/upstream/upstream.module';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyStrategy } from './api-key.strategy';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyController } from './commands/create-api-key/create-api-key.controller';
import { RevokeApiKeyController } from './commands/revoke-api-key/revoke-api-key.controller';
import { RotateApiKeyController } from './commands/rotate-api-key/rotate-api-key.controller';
import { ExpiredKeyWebhooks } from './expired-key-webhooks';
import { GetApiKeyController } from './queries/get-api-key/get-api-key.controller';
import { ListApiKeysController } from './queries/list-api-keys/list-api-keys.controller';

/**
 * API keys for integrating systems: the admin routes, the `api-key` strategy that authenticates
 * them, and the sweep that pauses the webhooks of expired keys (as revoking one does).
 */
@Module({
  imports: [UpstreamModule],
  controllers: [CreateApiKeyController, RevokeApiKeyController, RotateApiKeyController, GetApiKeyController, ListApiKeysController],
  providers: [ApiKeyRepository, ApiKeysService, ApiKeyStrategy, ExpiredKeyWebhooks],
})
export class ApiKeysModule {}
