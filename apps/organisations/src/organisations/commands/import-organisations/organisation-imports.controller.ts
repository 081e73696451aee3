import { Controller, Get, HttpCode, Logger, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ORGANISATION_IMPORT_MAX_SIZE, type OrganisationImportResponseDto } from '@yp/contracts-http';
import type { RequestWithIdentity } from '@yp/shared-bootstrap';
import { importNotCsv, importNotFound } from './import-organisations.errors';
import { ImportOrganisationsHandler } from './import-organisations.handler';
import { OrganisationImportRepository } from './organisation-import.repository';
import { presentImport } from './organisation-import.presenter';

/** The text/csv body of POST /organisation-imports (mounted by `createService(..., { textBodies })` in main.ts). */
export const ORGANISATION_IMPORTS_BODY = {
  method: 'POST',
  path: '/organisation-imports',
  type: 'text/csv',
  limit: ORGANISATION_IMPORT_MAX_SIZE,
} as const;

/**
 * Imports as resources: POST starts one and answers 202 at once with its Location; GET shows its
 * progress and, once completed, the report per row (the same as the synchronous
 * POST /organisations-import answers). Only the caller who started an import, or an admin, reads it.
 */
@Controller('organisation-imports')
export class OrganisationImportsController {
  private readonly logger = new Logger(OrganisationImportsController.name);

  constructor(
    private readonly handler: ImportOrganisationsHandler,
    private readonly imports: OrganisationImportRepository,
  ) {}

  @Post()
  @HttpCode(202)
  async start(@Req() req: RequestWithIdentity, @Res({ passthrough: true }) res: Response): Promise<OrganisationImportResponseDto> {
    const body: unknown = req.body;
    const csv = typeof body === 'string' ? body : req.is('text/csv') ? '' : undefined;
    if (csv === undefined) throw importNotCsv();
    const started = await this.handler.start(csv, req.identity!, false);
    const id = started.id!;
    // The rows go on after the answer; how they end is recorded in the import (and logged here).
    started.done.catch((error: unknown) => this.logger.error(`Import ${id} stopped: ${String(error)}`));
    const loaded = await this.imports.load(id);
    if (!loaded) throw importNotFound(id);
    res.setHeader('Location', `/api/v1/organisation-imports/${id}`);
    return presentImport(loaded.state);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Req() req: RequestWithIdentity): Promise<OrganisationImportResponseDto> {
    const identity = req.identity!;
    const loaded = await this.imports.load(id);
    if (!loaded || (loaded.state.actor !== identity.actor && !identity.roles.includes('admin'))) throw importNotFound(id);
    return presentImport(loaded.state);
  }
}
