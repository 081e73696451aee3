import { Controller, Get, Query } from '@nestjs/common';
import { ListOrganisationsQueryDto, type OrganisationListResponseDto } from '@yp/contracts-http';
import { AppError } from '@yp/shared-bootstrap';
import { presentOrganisation } from '../../organisation.presenter';
import { OrganisationRepository } from '../../organisation.repository';


const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^org_[a-f0-9]{32}$/.test(id)) throw new AppError('REQUEST.BAD_CURSOR', 400, 'Bad request', 'cursor is not a cursor this API returned.');
  return id;
}

/** Cursor pagination in id order (stable under inserts); filters match the public API. */
@Controller('organisations')
export class ListOrganisationsController {
  constructor(private readonly organisations: OrganisationRepository) {}

  @Get()
  async list(@Query() query: ListOrganisationsQueryDto): Promise<OrganisationListResponseDto> {
    const limit = query.limit ?? 50;
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const page = await this.organisations.list(query, after, limit + 1);
    const items = page.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(presentOrganisation), nextCursor: page.length > limit && last ? encodeCursor(last.id) : null };
  }
}
