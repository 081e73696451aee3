import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { Controller, Get, HttpCode, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  ExportOrganisationsQueryDto,
  ImportOrganisationsQueryDto,
  ImportOrganisationsResponseDto,
  ORGANISATION_CSV_DESCRIPTION,
  ORGANISATION_IMPORT_MAX_ROWS,
  ORGANISATION_IMPORT_MAX_SIZE,
  OrganisationResponseDto,
} from '@yp/contracts-http';
import { CORRELATION_ID_HEADER, currentCorrelationId } from '@yp/shared-context';
import { AppError, IDENTITY_HEADER, InternalIdentitySigner, type Identity } from '@yp/shared-bootstrap';
import { Allow, EVERY_ROLE, REGISTER_WRITERS } from '@gateway/auth/access-policy.decorator';
import type { Caller } from '@gateway/auth/access-token';
import { CurrentIdentity } from '@gateway/auth/current-identity.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';

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

/** Headers of the service's answer that the client gets too. */
const PASSED_HEADERS = ['content-type', 'content-disposition', 'cache-control'];

interface StreamRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly identity: Identity;
  readonly query?: Record<string, unknown>;
  readonly csv?: string;
  /** Time allowed until the service's answer starts (an import answers when done; exports start at once). */
  readonly headersTimeoutMs: number;
}

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
  private readonly logger = new Logger(OrganisationTransferController.name);
  private readonly baseUrl: string;

  constructor(
    private readonly signer: InternalIdentitySigner,
    config: ConfigService,
  ) {
    this.baseUrl = config.getOrThrow<string>('ORGANISATIONS_URL');
  }

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
  async import(
    @Query() query: ImportOrganisationsQueryDto,
    @Req() req: Request,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    const body: unknown = req.body;
    const csv = typeof body === 'string' ? body : req.is('text/csv') ? '' : undefined;
    if (csv === undefined) {
      throw new AppError(
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        415,
        'Unsupported media type',
        'Send the file as the request body with Content-Type: text/csv (UTF-8).',
      );
    }
    await this.relay(res, { method: 'POST', path: '/organisations-import', query: { ...query }, csv, identity, headersTimeoutMs: 300_000 });
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
  async exportCsv(@Query() query: ExportOrganisationsQueryDto, @CurrentIdentity() identity: Caller, @Res() res: Response): Promise<void> {
    await this.relay(res, { method: 'GET', path: '/organisations-export/csv', query: { ...query }, identity, headersTimeoutMs: 30_000 });
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
  async exportNdjson(
    @Query() query: ExportOrganisationsQueryDto,
    @CurrentIdentity() identity: Caller,
    @Res() res: Response,
  ): Promise<void> {
    await this.relay(res, { method: 'GET', path: '/organisations-export/ndjson', query: { ...query }, identity, headersTimeoutMs: 30_000 });
  }

  /**
   * Calls the service and relays its answer without holding it: a streamed body is piped through as
   * it arrives (the client's pace pulls it, a client that leaves stops the service's reads); JSON
   * answers are sent whole (the idempotency record keeps them) and problems name the public path.
   */
  private async relay(res: Response, request: StreamRequest): Promise<void> {
    const url = new URL(request.path, this.baseUrl);
    for (const [k, v] of Object.entries(request.query ?? {})) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = {
      [IDENTITY_HEADER]: this.signer.sign(request.identity),
      [CORRELATION_ID_HEADER]: currentCorrelationId(),
    };
    if (request.csv !== undefined) headers['content-type'] = 'text/csv; charset=utf-8';
    const abort = new AbortController();
    const onClose = () => abort.abort();
    res.once('close', onClose);
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${request.headersTimeoutMs} ms`)), request.headersTimeoutMs);
    let upstream: globalThis.Response;
    try {
      upstream = await fetch(url, { method: request.method, headers, body: request.csv, signal: abort.signal });
    } catch (error) {
      res.off('close', onClose);
      this.logger.warn(`Upstream ${url.origin} unreachable: ${String(error)}`);
      throw new AppError(
        'SERVICE.UNAVAILABLE',
        503,
        'Service unavailable',
        'A service behind the gateway is not answering; try again shortly.',
      );
    } finally {
      clearTimeout(timer);
    }
    res.status(upstream.status);
    for (const name of PASSED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value) res.setHeader(name, value);
    }
    const type = upstream.headers.get('content-type') ?? '';
    if (!upstream.body || /^application\/(problem\+)?json/.test(type)) {
      const text = await upstream.text();
      res.off('close', onClose);
      // The problem names the public URL, not the service's internal path.
      res.send(
        type.includes('problem+json')
          ? JSON.stringify({ ...(JSON.parse(text) as Record<string, unknown>), instance: res.req.originalUrl.split('?')[0] })
          : text,
      );
      return;
    }
    try {
      await pipeline(Readable.fromWeb(upstream.body as NodeReadableStream<Uint8Array>), res);
    } catch (error) {
      // Headers are sent: the client sees a cut-off stream, never a complete-looking one.
      if (!res.destroyed) res.destroy();
      this.logger.warn(`Stream from ${url.pathname} ended early: ${String(error)}`);
    } finally {
      res.off('close', onClose);
    }
  }
}
