import { Controller, Delete, HttpCode } from '@nestjs/common';
import { AppError } from '@yp/shared-bootstrap';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '@gateway/access/access-policy.decorator';
import type { Caller } from '@gateway/access/caller';
import { CurrentIdentity } from '@gateway/access/current-identity.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { apiKeyNotFound } from '@gateway/api-keys/api-key.errors';
import { ApiKeyId } from '@gateway/api-keys/api-key-id';
import { ApiKeysService } from '@gateway/api-keys/api-keys.service';
import { NotificationsUpstream } from '@gateway/upstream/notifications.upstream';

@ApiTags('api-keys')
@ApiBearerAuth('user')
@Controller('api/v1/api-keys')
export class RevokeApiKeyController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly notifications: NotificationsUpstream,
  ) {}

  @Delete(':id')
  @Allow('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke an API key',
    description:
      'Takes effect on the next request, and pauses the webhook subscriptions the key owns. Revoking a revoked key is a no-op (and pauses them again: repeat it after a 503).',
  })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems(401, 403, 404, 429, 503)
  async revoke(@ApiKeyId() id: string, @CurrentIdentity() caller: Caller): Promise<void> {
    const revoked = await this.keys.revoke(id, caller.actor);
    if (!revoked) throw apiKeyNotFound(id);
    // A revoked integration must stop receiving events too: its webhook subscriptions are paused.
    const status = await this.notifications.call('POST', `/webhooks/owners/key:${id}/revoked`, { identity: caller });
    if (status !== 204) {
      throw new AppError(
        'API_KEY.WEBHOOKS_NOT_PAUSED',
        503,
        'Service unavailable',
        'The key is revoked, but its webhook subscriptions could not be paused yet: repeat the request.',
      );
    }
  }
}
