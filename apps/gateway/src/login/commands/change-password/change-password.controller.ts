import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChangePasswordRequestDto } from '@yp/contracts-http';
import { AppError } from '@yp/shared-bootstrap';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { AuthRateLimit } from '@gateway/security/rate-limit.guard';
import { UserRepository } from '@gateway/users/user.repository';
import { Allow } from '@gateway/access/access-policy.decorator';
import type { Caller } from '@gateway/access/caller';
import { CurrentIdentity } from '@gateway/access/current-identity.decorator';
import { passwordHasher } from '@gateway/users/password-hasher';
import { SessionsService } from '@gateway/sessions/sessions.service';
import { invalidCredentials, notForKeys } from '@gateway/login/login.errors';

@ApiTags('auth')
@ApiBearerAuth('user')
@Controller('api/v1/auth')
export class ChangePasswordController {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionsService,
  ) {}

  @Post('password')
  @AuthRateLimit()
  @Allow('admin', 'coordinator', 'liaison-officer')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change your password',
    description: 'Ends every session of the account, this one included; log in again with the new password.',
  })
  @ApiNoContentResponse({ description: 'Changed; all sessions ended' })
  @ApiProblems(400, 401, 403, 413, 415, 422, 429)
  async change(@Body() body: ChangePasswordRequestDto, @CurrentIdentity() caller: Caller): Promise<void> {
    if (caller.kind !== 'user') throw notForKeys();
    const userId = caller.actor.slice('user:'.length);
    const credentials = await this.users.credentialsOf(userId);
    if (!(await passwordHasher.verify(credentials?.passwordHash, body.currentPassword))) throw invalidCredentials();
    if (body.newPassword === body.currentPassword) {
      throw new AppError('REQUEST.VALIDATION_FAILED', 422, 'Request validation failed', 'The request has invalid fields; see errors.', {
        errors: [{ field: 'newPassword', message: 'newPassword must differ from currentPassword' }],
      });
    }
    await this.users.setPassword(userId, await passwordHasher.hash(body.newPassword), new Date());
    await this.sessions.revokeAllOf(userId, 'password-changed');
  }
}
