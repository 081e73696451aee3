import { Controller, Get, Query } from '@nestjs/common';
import { ListOrganisationsQueryDto, type OrganisationListResponseDto } from '@yp/contracts-http';
import { AppError } from '@yp/shared-bootstrap';
import { presentOrganisation } from '@organisations/organisations/organisation.presenter';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { searchable } from '@organisations/organisations/organisation.state';
import { normaliseSince, syncCursor } from '@organisations/organisations/sync-cursor';

const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^org_[a-f0-9]{32}$/.test(id))
    throw new AppError('REQUEST.BAD_CURSOR', 400, 'Bad request', 'cursor is not a cursor this API returned.');
  return id;
}

/**
 * Cursor pagination in id order (stable under inserts); filters match the public API. With
 * `updatedSince` the order is (updatedAt, id) instead, for incremental sync.
 */
@Controller('organisations')
export class ListOrganisationsController {
  constructor(private readonly organisations: OrganisationRepository) {}

  @Get()
  async list(@Query() query: ListOrganisationsQueryDto): Promise<OrganisationListResponseDto> {
    const limit = query.limit ?? 50;
    const filter = { ...query, search: query.q ? searchable(query.q) : undefined };
    if (query.updatedSince !== undefined) {
      const rows = await this.organisations.changedSince(
        normaliseSince(query.updatedSince),
        syncCursor.decode(query.cursor),
        limit + 1,
        filter,
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(presentOrganisation),
        nextCursor: rows.length > limit && last ? syncCursor.encode({ updatedAt: last.state.updatedAt, id: last.id }) : null,
      };
    }
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const page = await this.organisations.list(filter, after, limit + 1);
    const items = page.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(presentOrganisation), nextCursor: page.length > limit && last ? encodeCursor(last.id) : null };
  }
}
