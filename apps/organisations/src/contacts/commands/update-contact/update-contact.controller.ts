import { Body, Controller, Headers, Param, Patch, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UpdateContactRequestDto, type ContactResponseDto } from '@yp/contracts-http';
import { parseIfMatch, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { contactNotFound } from '@organisations/contacts/contact.errors';
import { etagOf, presentContact } from '@organisations/contacts/contact.presenter';
import { PERSON_ID } from '@organisations/contacts/contact.repository';
import { UpdateContactHandler } from './update-contact.handler';

@Controller('contacts')
export class UpdateContactController {
  constructor(private readonly handler: UpdateContactHandler) {}

  @Patch(':id')
  async update(
    @Param('id') id: string,
    @Body() body: UpdateContactRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContactResponseDto> {
    const expected = parseIfMatch(ifMatch);
    if (!PERSON_ID.test(id)) throw contactNotFound(id);
    const { contact, regions } = await this.handler.execute(id, body, req.identity!, expected);
    res.setHeader('ETag', etagOf(contact.version));
    return presentContact(contact, regions);
  }
}
