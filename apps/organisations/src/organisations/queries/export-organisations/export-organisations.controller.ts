import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ExportOrganisationsQueryDto } from '@yp/contracts-http';
import type { Loaded } from '@yp/shared-persistence';
import { csvHead, csvLines, encodeOrganisation } from '@organisations/organisations/commands/import-organisations/organisation-csv';
import { presentOrganisation } from '@organisations/organisations/organisation.presenter';
import { OrganisationRepository, type OrganisationFilter } from '@organisations/organisations/organisation.repository';
import type { OrganisationState } from '@organisations/organisations/organisation.state';

/** Organisations read per page: memory stays at one page whatever the size of the register. */
const PAGE = 500;

/**
 * Whole-register exports with the list filters, streamed page by page in id order (a consistent
 * order, not a snapshot: organisations added during a long export may or may not be in it).
 * CSV for spreadsheets (re-imports unchanged), NDJSON for integrations (one GET /organisations/{id}
 * body per line).
 */
@Controller('organisations-export')
export class ExportOrganisationsController {
  private readonly logger = new Logger(ExportOrganisationsController.name);

  constructor(private readonly organisations: OrganisationRepository) {}

  @Get('csv')
  async csv(@Query() query: ExportOrganisationsQueryDto, @Res() res: Response): Promise<void> {
    const day = new Date().toISOString().slice(0, 10);
    await this.stream(query, res, {
      contentType: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="organisations-${day}.csv"`,
      head: csvHead(),
      page: (organisations) => csvLines(organisations.map((o) => encodeOrganisation(o.id, o.state))),
    });
  }

  @Get('ndjson')
  async ndjson(@Query() query: ExportOrganisationsQueryDto, @Res() res: Response): Promise<void> {
    await this.stream(query, res, {
      contentType: 'application/x-ndjson; charset=utf-8',
      page: (organisations) => organisations.map((o) => `${JSON.stringify(presentOrganisation(o))}\n`).join(''),
    });
  }

  private async stream(
    query: ExportOrganisationsQueryDto,
    res: Response,
    format: { contentType: string; disposition?: string; head?: string; page: (organisations: Loaded<OrganisationState>[]) => string },
  ): Promise<void> {
    const filter: OrganisationFilter = { ...query };
    // The first page is read before anything is sent, so that a failing database is still a problem+json answer.
    const first = await this.organisations.list(filter, undefined, PAGE);
    const organisations = this.organisations;
    async function* chunks(): AsyncGenerator<string> {
      if (format.head) yield format.head;
      let page = first;
      for (;;) {
        if (page.length > 0) yield format.page(page);
        const last = page[page.length - 1];
        if (page.length < PAGE || !last) return;
        page = await organisations.list(filter, last.id, PAGE);
      }
    }
    res.status(200);
    res.setHeader('content-type', format.contentType);
    res.setHeader('cache-control', 'no-store');
    if (format.disposition) res.setHeader('content-disposition', format.disposition);
    try {
      // Backpressure from the client paces the reads; a client that goes away stops them.
      await pipeline(Readable.from(chunks()), res);
    } catch (error) {
      // Headers are gone: the client sees a cut-off stream (no final chunk), never a complete-looking one.
      if (!res.destroyed) res.destroy(error instanceof Error ? error : new Error(String(error)));
      this.logger.warn(`Export ended early: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
