import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateApiKeyRequestDto, CreatedApiKeyResponseDto } from '@yp/contracts-http';
import { Allow } from '@gateway/access/access-policy.decorator';
import type { Caller } from '@gateway/access/caller';
import { CurrentIdentity } from '@gateway/access/current-identity.decorator';
import { LOCATION } from '@gateway/openapi/response-headers';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { presentApiKey } from '@gateway/api-keys/api-key.presenter';
import { ApiKeysService } from '@gateway/api-keys/api-keys.service';

@ApiTags('api-keys')
@ApiBearerAuth('user')
@Controller('api/v1/api-keys')
export class CreateApiKeyController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Allow('admin')
  @ApiOperation({
    summary: 'Create an API key for a system',
    description: 'The key is in the response once and never again; only its hash is stored.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto, headers: LOCATION })
  @ApiProblems(400, 401, 403, 413, 415, 422, 429)
  async create(
    @Body() body: CreateApiKeyRequestDto,
    @CurrentIdentity() caller: Caller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedApiKeyResponseDto> {
    const { key, secret } = await this.keys.create(body, caller.actor);
    res.status(201).setHeader('location', `/api/v1/api-keys/${key.id}`);
    res.setHeader('cache-control', 'no-store');
    return { ...presentApiKey(key, undefined), key: secret };
  }
}
