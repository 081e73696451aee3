import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditEventListResponseDto, ListAuditEventsQueryDto, type AuditEventResponseDto } from '@yp/contracts-http';
import { Allow } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '@gateway/paging/cursor';
import { AUDIT_EVENT_ID, AuditEventRepository, type AuditEvent } from '@gateway/audit/audit-event.repository';

const present = (e: AuditEvent): AuditEventResponseDto => ({
  id: e._id,
  at: e.at.toISOString(),
  actor: e.actor,
  method: e.method,
  route: e.route,
  path: e.path,
  status: e.status,
  fields: e.fields,
  address: e.address,
  correlationId: e.correlationId,
});

@ApiTags('audit')
@ApiBearerAuth('user')
@Controller('api/v1/audit-events')
export class ListAuditEventsController {
  constructor(private readonly events: AuditEventRepository) {}

  @Get()
  @Allow('admin')
  @ApiOperation({
    summary: 'The audit trail of writes, newest first',
    description: 'Who (user or key), when, which route, the outcome, from which address, and the names (not values) of the fields sent.',
  })
  @ApiOkResponse({ type: AuditEventListResponseDto })
  @ApiProblems(400, 401, 403, 422, 429)
  async list(@Query() query: ListAuditEventsQueryDto): Promise<AuditEventListResponseDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.events.list(
      { actor: query.actor, since: query.since ? new Date(query.since) : undefined },
      decodeCursor(query.cursor, AUDIT_EVENT_ID),
      limit + 1,
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(present), nextCursor: rows.length > limit && last ? encodeCursor(last._id) : null };
  }
}
