import { Controller, Get } from '@nestjs/common';
import { OrganisationDirectoryConsumer } from './organisation-directory.consumer';

@Controller('organisation-directory')
export class OrganisationDirectoryController {
  constructor(private readonly directory: OrganisationDirectoryConsumer) {}

  /** How many organisations this service knows of (its projection), for operators and tests. */
  @Get('stats')
  async stats() {
    return { organisations: await this.directory.directory.count() };
  }
}
