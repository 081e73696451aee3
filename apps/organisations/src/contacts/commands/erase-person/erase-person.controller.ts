import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { personNotFound } from '@organisations/contacts/contact.errors';
import { PERSON_ID } from '@organisations/contacts/contact.repository';
import { ErasePersonHandler } from './erase-person.handler';

@Controller('persons')
export class ErasePersonController {
  constructor(private readonly handler: ErasePersonHandler) {}

  @Post(':personId/erase')
  @HttpCode(204)
  async erase(@Param('personId') personId: string, @Req() req: RequestWithIdentity): Promise<void> {
    if (!PERSON_ID.test(personId)) throw personNotFound(personId);
    await this.handler.execute(personId, req.identity!);
  }
}
