import { Module } from '@nestjs/common';
import { LiaisonOfficersModule } from '@organisations/liaison-officers/liaison-officers.module';
import { ActivitiesModule } from '@organisations/activities/activities.module';
import { OrganisationsModule } from '@organisations/organisations/organisations.module';
import { CreateContactController } from './commands/create-contact/create-contact.controller';
import { CreateContactHandler } from './commands/create-contact/create-contact.handler';
import { DeleteContactController } from './commands/delete-contact/delete-contact.controller';
import { DeleteContactHandler } from './commands/delete-contact/delete-contact.handler';
import { ErasePersonController } from './commands/erase-person/erase-person.controller';
import { ErasePersonHandler } from './commands/erase-person/erase-person.handler';
import { UpdateContactController } from './commands/update-contact/update-contact.controller';
import { UpdateContactHandler } from './commands/update-contact/update-contact.handler';
import { ContactAccess } from './contact-access';
import { ContactRepository } from './contact.repository';
import { ErasureVerifier } from './erasure/erasure-verifier';
import { PersonErasureRepository } from './erasure/person-erasure.repository';
import { ExportPersonController } from './queries/export-person/export-person.controller';
import { GetPersonErasureController } from './queries/get-person-erasure/get-person-erasure.controller';
import { GetContactController } from './queries/get-contact/get-contact.controller';
import { ListContactsController } from './queries/list-contacts/list-contacts.controller';

/**
 * Contact persons of organisations, and the person-level GDPR routes (export, erasure) that span
 * contacts and liaison officers. Reads organisations for their regions (same service); its changes
 * carry their organisation's touch, which OrganisationTouch (ActivitiesModule) runs.
 */
@Module({
  imports: [LiaisonOfficersModule, OrganisationsModule, ActivitiesModule],
  controllers: [
    CreateContactController,
    UpdateContactController,
    DeleteContactController,
    GetContactController,
    ListContactsController,
    ExportPersonController,
    ErasePersonController,
    GetPersonErasureController,
  ],
  providers: [
    ContactRepository,
    ContactAccess,
    CreateContactHandler,
    UpdateContactHandler,
    DeleteContactHandler,
    PersonErasureRepository,
    ErasureVerifier,
    ErasePersonHandler,
  ],
})
export class ContactsModule {}
