import { Controller, Delete, Headers, HttpCode, Param, Req } from '@nestjs/common';
import { parseIfMatch, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { partnershipNotFound } from '@organisations/partnerships/partnership.errors';
import { PARTNERSHIP_ID } from '@organisations/partnerships/partnership.state';
import { DeletePartnershipHandler } from './delete-partnership.handler';

@Controller('partnerships')
export class DeletePartnershipController {
  constructor(private readonly handler: DeletePartnershipHandler) {}

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Req() req: RequestWithIdentity): Promise<void> {
    if (!PARTNERSHIP_ID.test(id)) throw partnershipNotFound(id);
    await this.handler.execute(id, req.identity!, parseIfMatch(ifMatch));
  }
}
