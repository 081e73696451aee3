import { Controller, Delete, Headers, HttpCode, Param, Req } from '@nestjs/common';
import { parseIfMatch, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { organisationNotFound } from '@organisations/organisations/organisation.errors';
import { DeleteOrganisationHandler } from './delete-organisation.handler';

@Controller('organisations')
export class DeleteOrganisationController {
  constructor(private readonly handler: DeleteOrganisationHandler) {}

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Req() req: RequestWithIdentity): Promise<void> {
    if (!/^org_[a-f0-9]{32}$/.test(id)) throw organisationNotFound(id);
    await this.handler.execute(id, req.identity!, parseIfMatch(ifMatch));
  }
}
