import { Controller, Get, Query, Req } from '@nestjs/common';
import { ListContactsQueryDto, type ContactListResponseDto } from '@yp/contracts-http';
import { AppError, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { ContactAccess } from '@organisations/contacts/contact-access';
import { presentContact } from '@organisations/contacts/contact.presenter';
import { ContactRepository, PERSON_ID } from '@organisations/contacts/contact.repository';

const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!PERSON_ID.test(id)) throw new AppError('REQUEST.BAD_CURSOR', 400, 'Bad request', 'cursor is not a cursor this API returned.');
  return id;
}

/**
 * One organisation's contact persons, cursor-paged in id order. Personal data: outside the caller's
 * regions (or for an organisation that does not exist) the list is empty, never an error that
 * would tell which organisations have contacts.
 */
@Controller('contacts')
export class ListContactsController {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly access: ContactAccess,
  ) {}

  @Get()
  async list(@Query() query: ListContactsQueryDto, @Req() req: RequestWithIdentity): Promise<ContactListResponseDto> {
    const limit = query.limit ?? 50;
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const regions = await this.access.regionsOf(query.organisationId);
    if (!regions || !this.access.mayRead(req.identity!, regions)) return { items: [], nextCursor: null };
    const rows = await this.contacts.listByOrganisation(query.organisationId, after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map((c) => presentContact(c, regions)), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }
}
