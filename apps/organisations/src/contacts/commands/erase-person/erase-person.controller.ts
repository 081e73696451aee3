import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { PersonErasureResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { personNotFound } from '@organisations/contacts/contact.errors';
import { PERSON_ID } from '@organisations/contacts/contact.repository';
import { ErasePersonHandler } from './erase-person.handler';

/**
 * 204 once the person and the others of the same email are erased; 202 with the progress and its
 * Location (GET /api/v1/persons/{id}/erasure) when a large group goes on in the background.
 */
@Controller('persons')
export class ErasePersonController {
  constructor(private readonly handler: ErasePersonHandler) {}

  @Post(':personId/erase')
  async erase(@Param('personId') personId: string, @Req() req: RequestWithIdentity, @Res() res: Response): Promise<void> {
    if (!PERSON_ID.test(personId)) throw personNotFound(personId);
    const progress = await this.handler.execute(personId, req.identity!);
    if (progress.status === 'erased') {
      res.status(204).end();
      return;
    }
    const body: PersonErasureResponseDto = { ...progress };
    res.status(202).setHeader('Location', `/api/v1/persons/${personId}/erasure`).json(body);
  }
}
