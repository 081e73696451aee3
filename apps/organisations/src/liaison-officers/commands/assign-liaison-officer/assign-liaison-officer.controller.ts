import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AssignLiaisonOfficerRequestDto, type LiaisonOfficerResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { presentLiaisonOfficer } from '@organisations/liaison-officers/liaison-officer.presenter';
import { AssignLiaisonOfficerHandler } from './assign-liaison-officer.handler';

@Controller('liaison-officers')
export class AssignLiaisonOfficerController {
  constructor(private readonly handler: AssignLiaisonOfficerHandler) {}

  @Post()
  @HttpCode(201)
  async assign(
    @Body() body: AssignLiaisonOfficerRequestDto,
    @Req() req: RequestWithIdentity,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LiaisonOfficerResponseDto> {
    const assigned = await this.handler.execute(body, req.identity!);
    res.setHeader('ETag', `"${assigned.version}"`);
    res.setHeader('Location', `/api/v1/liaison-officers/${assigned.id}`);
    return presentLiaisonOfficer(assigned);
  }
}
