import { Controller, Get } from '@nestjs/common';
import { OrganisationDirectory } from './organisation-directory';

@Controller('organisation-directory')
export class OrganisationDirectoryController {
  constructor(private readonly directory: OrganisationDirectory) {}

  /** How many organisations this service knows of (its projection), for operators and tests. */
  @Get('stats')
  async stats() {
    return { organisations: await this.directory.count() };
  }
}
