import { Controller, Get, Query } from '@nestjs/common';
import { ListOrganisationChangesQueryDto, type OrganisationChangeListResponseDto } from '@yp/contracts-http';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import { normaliseSince, syncCursor } from '@organisations/organisations/sync-cursor';

/**
 * The compact change feed for integrators: id, version, modification time and a tombstone flag,
 * oldest change first. Mirror the register by applying it from your last sync time.
 */
@Controller('organisations-changes')
export class ListOrganisationChangesController {
  constructor(private readonly organisations: OrganisationRepository) {}

  @Get()
  async list(@Query() query: ListOrganisationChangesQueryDto): Promise<OrganisationChangeListResponseDto> {
    const limit = query.limit ?? 200;
    const rows = await this.organisations.changedSince(normaliseSince(query.updatedSince), syncCursor.decode(query.cursor), limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((r) => ({ id: r.id, version: r.version, updatedAt: r.state.updatedAt, deleted: r.state.deletedAt !== undefined })),
      nextCursor: rows.length > limit && last ? syncCursor.encode({ updatedAt: last.state.updatedAt, id: last.id }) : null,
    };
  }
}
