import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ImportOrganisationsQueryDto, ORGANISATION_IMPORT_MAX_SIZE, type ImportOrganisationsResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { ImportOrganisationsHandler } from './import-organisations.handler';
import { importNotCsv } from './import-organisations.errors';

/**
 * The one route of this service that takes a text body: `createService(AppModule, { textBodies:
 * [ORGANISATIONS_IMPORT_BODY] })` mounts a text/csv parser for exactly this method and path.
 */
export const ORGANISATIONS_IMPORT_BODY = {
  method: 'POST',
  path: '/organisations-import',
  type: 'text/csv',
  limit: ORGANISATION_IMPORT_MAX_SIZE,
} as const;

@Controller('organisations-import')
export class ImportOrganisationsController {
  constructor(private readonly handler: ImportOrganisationsHandler) {}

  @Post()
  @HttpCode(200)
  async import(@Query() query: ImportOrganisationsQueryDto, @Req() req: RequestWithIdentity): Promise<ImportOrganisationsResponseDto> {
    const body: unknown = req.body;
    // An empty text/csv body has nothing to parse (the parser leaves it undefined): the file is empty.
    const csv = typeof body === 'string' ? body : req.is('text/csv') ? '' : undefined;
    if (csv === undefined) throw importNotCsv();
    return this.handler.execute(csv, req.identity!, query.dryRun === 'true');
  }
}
