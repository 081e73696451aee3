import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyListResponseDto, PageQueryDto } from '@yp/contracts-http';
import { Allow } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { decodeCursor, DEFAULT_PAGE_SIZE, page } from '@gateway/paging/cursor';
import { API_KEY_ID } from '@gateway/api-keys/api-key-id';
import { presentApiKey } from '@gateway/api-keys/api-key.presenter';
import { ApiKeyRepository } from '@gateway/api-keys/api-key.repository';

@ApiTags('api-keys')
@ApiBearerAuth('user')
@Controller('api/v1/api-keys')
export class ListApiKeysController {
  constructor(private readonly keys: ApiKeyRepository) {}

  @Get()
  @Allow('admin')
  @ApiOperation({ summary: 'List API keys (never their secrets), with last use and revocation' })
  @ApiOkResponse({ type: ApiKeyListResponseDto })
  @ApiProblems(400, 401, 403, 422, 429)
  async list(@Query() query: PageQueryDto): Promise<ApiKeyListResponseDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.keys.list(decodeCursor(query.cursor, API_KEY_ID), limit + 1);
    const used = await this.keys.lastUsed(rows.map((r) => r.id));
    return page(rows, limit, (row) => presentApiKey(row, used.get(row.id)));
  }
}
