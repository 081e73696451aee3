import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ORGANISATION_CSV_DESCRIPTION,
  ORGANISATION_IMPORT_MAX_ROWS,
  ORGANISATION_IMPORT_MAX_SIZE,
  OrganisationImportResponseDto,
} from '@yp/contracts-http';
import { AppError } from '@yp/shared-bootstrap';
import { Allow, REGISTER_WRITERS } from '@gateway/access/access-policy.decorator';
import { idParam } from '@gateway/ids/id-param';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { LOCATION } from '@gateway/openapi/response-headers';
import { CsvBody } from '@gateway/upstream/csv-body.decorator';
import { OrganisationsUpstream } from '@gateway/upstream/organisations.upstream';

/** The text/csv body of POST /api/v1/organisation-imports (mounted by `textBodies` in main.ts). */
export const ORGANISATION_IMPORTS_BODY = {
  method: 'POST',
  path: '/api/v1/organisation-imports',
  type: 'text/csv',
  limit: ORGANISATION_IMPORT_MAX_SIZE,
} as const;

const ImportId = idParam({
  description: 'The import id (`imp_` and 32 hexadecimal digits), from the Location of POST /api/v1/organisation-imports',
  pattern: /^imp_[a-f0-9]{32}$/,
  example: 'imp_9b1f6c3e2d4a4f5e8a7b6c5d4e3f2a1b',
  notFound: (id) => new AppError('IMPORT.NOT_FOUND', 404, 'Import not found', `No import ${id} that you started.`),
});

const CSV_EXAMPLE =
  'kind;name_fi;business_id;municipalities;themes;life_stages;email\r\n' +
  'association;Pudasjärven Kyläyhdistys ry;1572860-0;615;village-development|inclusion;older-people;info@kylayhdistys.example.fi\r\n';

/**
 * Imports as resources, for a UI that shows progress and for integrators with large files: POST
 * answers 202 at once, GET the Location to follow the import. POST /api/v1/organisations/import
 * remains the one-call variant (and the way to a dry run).
 */
@ApiTags('organisations')
@ApiBearerAuth('user')
@ApiBearerAuth('apiKey')
@Controller('api/v1/organisation-imports')
export class OrganisationImportsController {
  constructor(private readonly organisations: OrganisationsUpstream) {}

  @Post()
  @HttpCode(202)
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({
    summary: 'Start an import of organisations from a CSV file; follow its progress at the Location',
    description:
      `The file and the rules of POST /api/v1/organisations/import (at most ${ORGANISATION_IMPORT_MAX_SIZE.toUpperCase()} and ${ORGANISATION_IMPORT_MAX_ROWS} rows; ${ORGANISATION_CSV_DESCRIPTION}), ` +
      'but the answer comes at once: 202 with the import (status running) and its Location. GET it for the counts so far and, once completed, the report per row. ' +
      '422 when the file as a whole cannot be used (nothing is started then). Liaison officers get one summary email of the import instead of one email per new partner; ' +
      'webhook subscribers get every event, each with the import id as `bulkid`, between organisations.import.started.v1 and organisations.import.completed.v1.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ description: 'The CSV file, UTF-8', schema: { type: 'string', example: CSV_EXAMPLE } })
  @ApiAcceptedResponse({ type: OrganisationImportResponseDto, headers: LOCATION, description: 'The import, started' })
  @ApiProblems(400, 401, 403, 413, 415, 422, 503, 429)
  start(@CsvBody() csv: string, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'POST', '/organisation-imports', { csv, timeoutMs: 60_000 });
  }

  @Get(':id')
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({
    summary: 'An import: its progress, and the report per row once completed',
    description:
      'Readable by whoever started it (and admins). status: running, completed, failed (stopped on a service error: run the file again, imports are re-runnable) ' +
      'or interrupted (the service stopped while it ran). While running, `rows` holds the rows failed so far; once completed, every row in file order.',
  })
  @ApiOkResponse({ type: OrganisationImportResponseDto })
  @ApiProblems(401, 403, 404, 503, 429)
  get(@ImportId() id: string, @Res() res: Response): Promise<void> {
    return this.organisations.relay(res, 'GET', `/organisation-imports/${id}`);
  }
}
