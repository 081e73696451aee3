import { Controller, Get, Query } from '@nestjs/common';
import { ListPartnershipsQueryDto, type PartnershipListResponseDto } from '@yp/contracts-http';
import { AppError } from '@yp/shared-bootstrap';
import { presentPartnership } from '@organisations/partnerships/partnership.presenter';
import { PartnershipRepository } from '@organisations/partnerships/partnership.repository';
import { PARTNERSHIP_ID } from '@organisations/partnerships/partnership.state';

const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!PARTNERSHIP_ID.test(id)) throw new AppError('REQUEST.BAD_CURSOR', 400, 'Bad request', 'cursor is not a cursor this API returned.');
  return id;
}

/** Agreements, filtered, in id order with a cursor. */
@Controller('partnerships')
export class ListPartnershipsController {
  constructor(private readonly partnerships: PartnershipRepository) {}

  @Get()
  async list(@Query() query: ListPartnershipsQueryDto): Promise<PartnershipListResponseDto> {
    const limit = query.limit ?? 50;
    const rows = await this.partnerships.list(query, decodeCursor(query.cursor), limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(presentPartnership), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }
}
