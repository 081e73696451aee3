import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreatedApiKeyResponseDto, RotateApiKeyRequestDto } from '@yp/contracts-http';
import { Allow } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { apiKeyNotFound } from '@gateway/api-keys/api-key.errors';
import { ApiKeyId } from '@gateway/api-keys/api-key-id';
import { presentApiKey } from '@gateway/api-keys/api-key.presenter';
import { ApiKeysService } from '@gateway/api-keys/api-keys.service';

@ApiTags('api-keys')
@ApiBearerAuth('user')
@Controller('api/v1/api-keys')
export class RotateApiKeyController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post(':id/rotate')
  @Allow('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Give an API key a new secret (same key id)',
    description:
      'Everything bound to the key id stays: its regions and access, its PUT-by-source-id bindings and its webhook subscriptions. ' +
      'The new secret is in the response once. The previous one keeps working for `previousValidForHours` (default 24; 0 stops it at once). ' +
      'Renews the expiry (default one year). A revoked key cannot be rotated (409).',
  })
  @ApiOkResponse({ type: CreatedApiKeyResponseDto })
  @ApiProblems(400, 401, 403, 404, 409, 413, 415, 422, 429)
  async rotate(
    @ApiKeyId() id: string,
    @Body() body: RotateApiKeyRequestDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedApiKeyResponseDto> {
    const rotated = await this.keys.rotate(id, body);
    if (!rotated) throw apiKeyNotFound(id);
    res.setHeader('cache-control', 'no-store');
    return { ...presentApiKey(rotated.key, undefined), key: rotated.secret };
  }
}
