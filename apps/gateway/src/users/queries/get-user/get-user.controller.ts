import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { UserResponseDto } from '@yp/contracts-http';
import { Allow } from '@gateway/access/access-policy.decorator';
import { ETAG } from '@gateway/openapi/response-headers';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { userNotFound } from '@gateway/users/user.errors';
import { presentUser } from '@gateway/users/user.presenter';
import { UserRepository } from '@gateway/users/user.repository';
import { UserId } from '@gateway/users/user-id';

@ApiTags('users')
@ApiBearerAuth('user')
@Controller('api/v1/users')
export class GetUserController {
  constructor(private readonly users: UserRepository) {}

  @Get(':id')
  @Allow('admin')
  @ApiOperation({ summary: 'Get one user' })
  @ApiOkResponse({ type: UserResponseDto, headers: ETAG })
  @ApiProblems(401, 403, 404, 429)
  async get(@UserId() id: string, @Res({ passthrough: true }) res: Response): Promise<UserResponseDto> {
    const user = await this.users.load(id);
    if (!user) throw userNotFound(id);
    res.setHeader('etag', `"${user.version}"`);
    return presentUser(user, await this.users.credentialsOf(id));
  }
}
