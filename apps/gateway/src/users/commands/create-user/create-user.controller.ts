import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateUserRequestDto, UserResponseDto } from '@yp/contracts-http';
import { Allow } from '@gateway/access/access-policy.decorator';
import type { Caller } from '@gateway/access/caller';
import { CurrentIdentity } from '@gateway/access/current-identity.decorator';
import { ETAG, LOCATION } from '@gateway/openapi/response-headers';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { presentUser } from '@gateway/users/user.presenter';
import { CreateUserHandler } from './create-user.handler';

@ApiTags('users')
@ApiBearerAuth('user')
@Controller('api/v1/users')
export class CreateUserController {
  constructor(private readonly handler: CreateUserHandler) {}

  @Post()
  @Allow('admin')
  @ApiOperation({
    summary: 'Create a user account',
    description: 'Admins only. Coordinators and liaison officers act in the regions given here.',
  })
  @ApiCreatedResponse({ type: UserResponseDto, headers: { ...ETAG, ...LOCATION } })
  @ApiProblems(400, 401, 403, 409, 413, 415, 422, 429)
  async create(
    @Body() body: CreateUserRequestDto,
    @CurrentIdentity() caller: Caller,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserResponseDto> {
    const user = await this.handler.execute(body, caller.actor);
    res.status(201).setHeader('location', `/api/v1/users/${user.id}`);
    res.setHeader('etag', `"${user.version}"`);
    return presentUser(user, null);
  }
}
