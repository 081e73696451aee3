import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyResponseDto } from '@yp/contracts-http';
import { Allow } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { apiKeyNotFound } from '@gateway/api-keys/api-key.errors';
import { ApiKeyId } from '@gateway/api-keys/api-key-id';
import { presentApiKey } from '@gateway/api-keys/api-key.presenter';
import { ApiKeyRepository } from '@gateway/api-keys/api-key.repository';

@ApiTags('api-keys')
@ApiBearerAuth('user')
@Controller('api/v1/api-keys')
export class GetApiKeyController {
  constructor(private readonly keys: ApiKeyRepository) {}

  @Get(':id')
  @Allow('admin')
  @ApiOperation({ summary: 'Get one API key (never its secret)' })
  @ApiOkResponse({ type: ApiKeyResponseDto })
  @ApiProblems(401, 403, 404, 429)
  async get(@ApiKeyId() id: string): Promise<ApiKeyResponseDto> {
    const key = await this.keys.load(id);
    if (!key) throw apiKeyNotFound(id);
    return presentApiKey(key, (await this.keys.lastUsed([id])).get(id));
  }
}
