import { Controller, Delete, HttpCode, Param, Req } from '@nestjs/common';
import { AppError, type RequestWithIdentity } from '@yp/shared-bootstrap';
import { RemoveLiaisonOfficerHandler } from './remove-liaison-officer.handler';

@Controller('liaison-officers')
export class RemoveLiaisonOfficerController {
  constructor(private readonly handler: RemoveLiaisonOfficerHandler) {}

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() req: RequestWithIdentity): Promise<void> {
    if (!/^lo_[a-f0-9]{32}$/.test(id))
      throw new AppError('LIAISON_OFFICER.NOT_FOUND', 404, 'Liaison officer not found', `No liaison officer with id ${id}.`);
    await this.handler.execute(id, req.identity!);
  }
}
