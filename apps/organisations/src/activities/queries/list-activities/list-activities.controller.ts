import { Controller, Get, Query, Req } from '@nestjs/common';
import { ListActivitiesQueryDto, type ActivityListResponseDto } from '@yp/contracts-http';
import { AppError, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { searchable } from '@organisations/organisations/organisation.state';
import { presentActivity } from '@organisations/activities/activity.presenter';
import { ActivityRepository } from '@organisations/activities/activity.repository';
import { visibilityQuery } from '@organisations/activities/activity.state';

const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^act_[a-f0-9]{32}$/.test(id))
    throw new AppError('REQUEST.BAD_CURSOR', 400, 'Bad request', 'cursor is not a cursor this API returned.');
  return id;
}

/** Activities the caller may see, filtered, in id order with a cursor. */
@Controller('activities')
export class ListActivitiesController {
  constructor(private readonly activities: ActivityRepository) {}

  @Get()
  async list(@Query() query: ListActivitiesQueryDto, @Req() req: RequestWithIdentity): Promise<ActivityListResponseDto> {
    const limit = query.limit ?? 50;
    const filter = { ...query, search: query.q ? searchable(query.q) : undefined };
    const rows = await this.activities.list(filter, visibilityQuery(req.identity!), decodeCursor(query.cursor), limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(presentActivity), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }
}
