import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppError } from '@yp/shared-bootstrap';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '@gateway/auth/access-policy.decorator';
import type { Caller } from '@gateway/auth/access-token';
import { CurrentIdentity } from '@gateway/auth/current-identity.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { apiKeyNotFound } from '@gateway/api-keys/api-key.errors';
import { ApiKeysService } from '@gateway/api-keys/api-keys.service';
import { UpstreamClient } from '@gateway/upstream/upstream.client';

@ApiTags('api-keys')
@ApiBearerAuth('user')
@Controller('api/v1/api-keys')
export class RevokeApiKeyController {
  private readonly notificationsUrl: string;

  constructor(
    private readonly keys: ApiKeysService,
    private readonly upstream: UpstreamClient,
    config: ConfigService,
  ) {
    this.notificationsUrl = config.getOrThrow<string>('NOTIFICATIONS_URL');
  }

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
  async revoke(@Param('id') id: string, @CurrentIdentity() caller: Caller): Promise<void> {
    const revoked = /^key_[a-z0-9]{10}$/.test(id) ? await this.keys.revoke(id, caller.actor) : undefined;
    if (!revoked) throw apiKeyNotFound(id);
    // A revoked integration must stop receiving events too: its webhook subscriptions are paused.
    const status = await this.upstream.call(this.notificationsUrl, {
      method: 'POST',
      path: `/webhooks/owners/key:${id}/revoked`,
      identity: caller,
    });
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
