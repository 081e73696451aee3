import { Body, Controller, Headers, Patch, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { UpdateUserRequestDto, UserResponseDto } from '@yp/contracts-http';
import { parseIfMatch } from '@yp/shared-bootstrap';
import { Allow } from '@gateway/access/access-policy.decorator';
import type { Caller } from '@gateway/access/caller';
import { CurrentIdentity } from '@gateway/access/current-identity.decorator';
import { ETAG } from '@gateway/openapi/response-headers';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { presentUser } from '@gateway/users/user.presenter';
import { UserRepository } from '@gateway/users/user.repository';
import { UserId } from '@gateway/users/user-id';
import { UpdateUserHandler } from './update-user.handler';

@ApiTags('users')
@ApiBearerAuth('user')
@Controller('api/v1/users')
export class UpdateUserController {
  constructor(
    private readonly handler: UpdateUserHandler,
    private readonly users: UserRepository,
  ) {}

  @Patch(':id')
  @Allow('admin')
  @ApiOperation({
    summary: 'Change a user (display name, roles, regions, disabled)',
    description: 'Changing roles or regions, or disabling, ends the user’s sessions.',
  })
  @ApiHeader({ name: 'If-Match', required: false, example: '"1"' })
  @ApiOkResponse({ type: UserResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 415, 422, 429)
  async update(
    @UserId() id: string,
    @Body() body: UpdateUserRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() caller: Caller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserResponseDto> {
    const user = await this.handler.execute(id, body, caller, parseIfMatch(ifMatch));
    res.setHeader('etag', `"${user.version}"`);
    return presentUser(user, await this.users.credentialsOf(id));
  }
}
