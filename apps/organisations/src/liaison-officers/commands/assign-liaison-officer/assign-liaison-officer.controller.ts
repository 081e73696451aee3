import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { AssignLiaisonOfficerRequestDto, type LiaisonOfficerResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { presentLiaisonOfficer } from '../../liaison-officer.presenter';
import { AssignLiaisonOfficerHandler } from './assign-liaison-officer.handler';

@Controller('liaison-officers')
export class AssignLiaisonOfficerController {
  constructor(private readonly handler: AssignLiaisonOfficerHandler) {}

  @Post()
  @HttpCode(201)
  async assign(@Body() body: AssignLiaisonOfficerRequestDto, @Req() req: RequestWithIdentity): Promise<LiaisonOfficerResponseDto> {
    return presentLiaisonOfficer(await this.handler.execute(body, req.identity!));
  }
}
