import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CreateContactRequestDto, type ContactResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { etagOf, presentContact } from '@organisations/contacts/contact.presenter';
import { CreateContactHandler } from './create-contact.handler';

@Controller('contacts')
export class CreateContactController {
  constructor(private readonly handler: CreateContactHandler) {}

  @Post()
  @HttpCode(201)
  async create(
    @Body() body: CreateContactRequestDto,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContactResponseDto> {
    const { contact, regions } = await this.handler.execute(body, req.identity!);
    res.setHeader('ETag', etagOf(contact.version));
    res.setHeader('Location', `/api/v1/contacts/${contact.id}`);
    return presentContact(contact, regions);
  }
}
