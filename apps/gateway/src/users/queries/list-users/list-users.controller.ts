import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQueryDto, UserListResponseDto } from '@yp/contracts-http';
import { Allow } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { decodeCursor, DEFAULT_PAGE_SIZE, page } from '@gateway/paging/cursor';
import { presentUser } from '@gateway/users/user.presenter';
import { UserRepository } from '@gateway/users/user.repository';
import { USER_ID } from '@gateway/users/user-id';

@ApiTags('users')
@ApiBearerAuth('user')
@Controller('api/v1/users')
export class ListUsersController {
  constructor(private readonly users: UserRepository) {}

  @Get()
  @Allow('admin')
  @ApiOperation({ summary: 'List users (cursor pagination)' })
  @ApiOkResponse({ type: UserListResponseDto })
  @ApiProblems(400, 401, 403, 422, 429)
  async list(@Query() query: PageQueryDto): Promise<UserListResponseDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.users.list(decodeCursor(query.cursor, USER_ID), limit + 1);
    return page(rows, limit, (row) => presentUser(row));
  }
}
