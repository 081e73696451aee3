import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CallerResponseDto } from '@yp/contracts-http';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { Allow, EVERY_ROLE } from '@gateway/access/access-policy.decorator';
import type { Caller } from '@gateway/access/caller';
import { CurrentIdentity } from '@gateway/access/current-identity.decorator';

@ApiTags('auth')
@ApiBearerAuth('user')
@ApiBearerAuth('apiKey')
@Controller('api/v1/auth')
export class GetCallerController {
  @Get('me')
  @Allow(...EVERY_ROLE)
  @ApiOperation({ summary: 'Who am I: the caller’s actor id, roles and regions' })
  @ApiOkResponse({ type: CallerResponseDto })
  @ApiProblems(401, 429)
  me(@CurrentIdentity() caller: Caller): CallerResponseDto {
    return {
      actor: caller.actor,
      roles: [...caller.roles],
      regions: [...caller.regions],
      ...(caller.sessionId ? { sessionId: caller.sessionId } : {}),
    };
  }
}
