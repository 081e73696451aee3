import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ExportOrganisationsQueryDto,
  ImportOrganisationsQueryDto,
  ImportOrganisationsResponseDto,
  ORGANISATION_CSV_DESCRIPTION,
  ORGANISATION_IMPORT_MAX_ROWS,
  ORGANISATION_IMPORT_MAX_SIZE,
  OrganisationResponseDto,
} from '@yp/contracts-http';
import { Allow, EVERY_ROLE, REGISTER_WRITERS } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';
import { CsvBody } from '@gateway/upstream/csv-body.decorator';
import { OrganisationsUpstream } from '@gateway/upstream/organisations.upstream';

/**
 * The gateway's one text-body route: `createService(AppModule, { textBodies: [ORGANISATION_IMPORT_BODY] })`
 * mounts a text/csv parser for exactly this method and path (every other write stays JSON-only).
 */
export const ORGANISATION_IMPORT_BODY = {
  method: 'POST',
  path: '/api/v1/organisations/import',
  type: 'text/csv',
  limit: ORGANISATION_IMPORT_MAX_SIZE,
} as const;

const CSV_EXAMPLE =
  'kind;name_fi;business_id;municipalities;themes;life_stages;email\r\n' +
  'association;Pudasjärven Kyläyhdistys ry;1572860-0;615;village-development|inclusion;older-people;info@kylayhdistys.example.fi\r\n' +
  'parish;Rovaniemen seurakunta;;698 320;loneliness;;\r\n';

const NDJSON_EXAMPLE =
  '{"id":"org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f","version":3,"kind":"association","name":{"fi":"Pudasjärven Kyläyhdistys ry"},"municipalities":["615"],"regions":["17"],"themes":["inclusion"],"lifeStages":["older-people"],"status":"active","createdAt":"2026-11-23T10:00:00.000Z","updatedAt":"2026-11-24T08:30:00.000Z"}\n';

/**
 * Bulk transfer of the partner register: CSV import (re-runnable, with a per-row report) and
 * whole-register exports as CSV and NDJSON. Exports are piped through as the service streams them:
 * the gateway never holds the register in memory.
 */
@ApiTags('organisations')
@ApiBearerAuth('user')
@ApiBearerAuth('apiKey')
@Controller('api/v1/organisations')
export class OrganisationTransferController {
  constructor(private readonly organisations: OrganisationsUpstream) {}

  @Post('import')
  @HttpCode(200)
  @Allow(...REGISTER_WRITERS)
  @ApiOperation({
    summary: 'Import organisations from a CSV file (re-runnable, with a report per row)',
    description:
      `The body is the CSV file itself (Content-Type: text/csv), at most ${ORGANISATION_IMPORT_MAX_SIZE.toUpperCase()} and ${ORGANISATION_IMPORT_MAX_ROWS} rows. ${ORGANISATION_CSV_DESCRIPTION} ` +
      'Every row is validated with the rules of POST and PATCH /api/v1/organisations and needs write access to its region: a row that fails is reported with its errors, the other rows still apply. ' +
      'Registrations and changes publish the same events as the single-record API. 422 when the file as a whole cannot be used (no or unknown header columns, too many rows, not UTF-8): nothing is written then. ' +
      'With dryRun=true nothing is written and the report says what would happen.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ description: 'The CSV file, UTF-8', schema: { type: 'string', example: CSV_EXAMPLE } })
  @ApiOkResponse({ type: ImportOrganisationsResponseDto, description: 'What happened to each row (status 200 also when some rows failed)' })
  @ApiProblems(400, 401, 403, 413, 415, 422, 503, 429)
  import(@Query() query: ImportOrganisationsQueryDto, @CsvBody() csv: string, @Res() res: Response): Promise<void> {
    // The service answers when the whole file is done.
    return this.organisations.relay(res, 'POST', '/organisations-import', { query, csv, timeoutMs: 300_000 });
  }

  @Get('export.csv')
  @Allow(...EVERY_ROLE)
  @ApiOperation({
    summary: 'Export organisations as CSV (for spreadsheets; re-imports unchanged)',
    description:
      'Every organisation matching the filters (the filters of GET /api/v1/organisations), in id order, streamed. Semicolon-separated, UTF-8 with a byte-order mark so that Excel reads it right, ' +
      'the columns of POST /api/v1/organisations/import: importing the file as it is changes nothing, and editing it then importing updates what was edited. ' +
      'Text that a spreadsheet would run as a formula (starting with = + - @) gets a leading apostrophe, which the import removes.',
  })
  @ApiOkResponse({
    description: 'The CSV file',
    content: {
      'text/csv': {
        schema: { type: 'string' },
        example: `\uFEFFid;kind;name_fi;…\r\norg_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f;association;Pudasjärven Kyläyhdistys ry;…\r\n`,
      },
    },
    headers: { 'Content-Disposition': { description: 'attachment; filename="organisations-YYYY-MM-DD.csv"', schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 422, 503, 429)
  exportCsv(@Query() query: ExportOrganisationsQueryDto, @Res() res: Response): Promise<void> {
    return this.organisations.stream(res, 'GET', '/organisations-export/csv', { query });
  }

  @Get('export.ndjson')
  @Allow(...EVERY_ROLE)
  @ApiExtraModels(OrganisationResponseDto)
  @ApiOperation({
    summary: 'Export organisations as NDJSON, streamed (one organisation per line)',
    description:
      'Everything the caller may read, for integrations that load the whole register at once: each line is one JSON object shaped as GET /api/v1/organisations/{id} answers, ' +
      'in id order, streamed as it is read (start processing before the end arrives). The filters of GET /api/v1/organisations apply. ' +
      'A stream that ends without its final newline was cut off: fetch it again. For changes since a time use GET /api/v1/organisations/changes.',
  })
  @ApiOkResponse({
    description: 'Newline-delimited JSON: each line is one organisation (the schema below is one line)',
    content: { 'application/x-ndjson': { schema: { $ref: getSchemaPath(OrganisationResponseDto) }, example: NDJSON_EXAMPLE } },
  })
  @ApiProblems(400, 401, 422, 503, 429)
  exportNdjson(@Query() query: ExportOrganisationsQueryDto, @Res() res: Response): Promise<void> {
    return this.organisations.stream(res, 'GET', '/organisations-export/ndjson', { query });
  }
}
