import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../../auth/access-policy.decorator';
import type { Caller } from '../../../auth/access-token';
import { CurrentIdentity } from '../../../auth/current-identity.decorator';
import { ApiProblems } from '../../../openapi/api-problems.decorator';
import { apiKeyNotFound } from '../../api-key.errors';
import { ApiKeysService } from '../../api-keys.service';

@ApiTags('api-keys')
@ApiBearerAuth('user')
@Controller('api/v1/api-keys')
export class RevokeApiKeyController {
  constructor(private readonly keys: ApiKeysService) {}

  @Delete(':id')
  @Allow('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key', description: 'Takes effect on the next request. Revoking a revoked key is a no-op.' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems(401, 403, 404, 429)
  async revoke(@Param('id') id: string, @CurrentIdentity() caller: Caller): Promise<void> {
    const revoked = /^key_[a-z0-9]{10}$/.test(id) ? await this.keys.revoke(id, caller.actor) : undefined;
    if (!revoked) throw apiKeyNotFound(id);
  }
}
