import { Controller, Delete, Headers, HttpCode, Param, Req } from '@nestjs/common';
import { parseIfMatch, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { contactNotFound } from '@organisations/contacts/contact.errors';
import { PERSON_ID } from '@organisations/contacts/contact.repository';
import { DeleteContactHandler } from './delete-contact.handler';

@Controller('contacts')
export class DeleteContactController {
  constructor(private readonly handler: DeleteContactHandler) {}

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Req() req: RequestWithIdentity): Promise<void> {
    const expected = parseIfMatch(ifMatch);
    if (!PERSON_ID.test(id)) throw contactNotFound(id);
    await this.handler.execute(id, req.identity!, expected);
  }
}
