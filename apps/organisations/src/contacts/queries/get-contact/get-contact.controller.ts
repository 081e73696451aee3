import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { ContactResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { ContactAccess } from '@organisations/contacts/contact-access';
import { contactNotFound } from '@organisations/contacts/contact.errors';
import { etagOf, presentContact } from '@organisations/contacts/contact.presenter';
import { ContactRepository, PERSON_ID } from '@organisations/contacts/contact.repository';

@Controller('contacts')
export class GetContactController {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly access: ContactAccess,
  ) {}

  @Get(':id')
  async get(
    @Param('id') id: string,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContactResponseDto> {
    const found = PERSON_ID.test(id) ? await this.contacts.store.load(id) : undefined;
    const regions = found ? await this.access.regionsOf(found.state.organisationId) : undefined;
    // Personal data: outside the caller's regions the contact does not exist for them.
    if (!found || !regions || !this.access.mayRead(req.identity!, regions)) throw contactNotFound(id);
    res.setHeader('ETag', etagOf(found.version));
    return presentContact(found, regions);
  }
}
