import { PERSON_ID_PATTERN, SOURCE_ID_DESCRIPTION, SOURCE_ID_PATTERN } from '@yp/contracts-http';
import { AppError } from '@yp/shared-bootstrap';
import { idParam } from '@gateway/ids/id-param';

/**
 * The ids in the register's public paths. A malformed one answers what the organisations service
 * answers an unknown one (same code, title and status), without asking it.
 */
const hex32 = (prefix: string) => new RegExp(`^${prefix}_[a-f0-9]{32}$`);
const notFound = (code: string, title: string, detail: (id: string) => string) => (id: string) =>
  new AppError(code, 404, title, detail(id));

export const OrganisationId = idParam({
  description: 'The organisation id (`org_` and 32 hexadecimal digits)',
  pattern: hex32('org'),
  example: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f',
  notFound: notFound('ORGANISATION.NOT_FOUND', 'Organisation not found', (id) => `No organisation with id ${id}.`),
});

export const SourceId = idParam({
  description: SOURCE_ID_DESCRIPTION,
  pattern: SOURCE_ID_PATTERN,
  example: 'crm:12345',
  length: { min: 1, max: 100 },
  notFound: notFound('ORGANISATION.NOT_FOUND', 'Organisation not found', (id) => `You have no organisation with source id ${id}.`),
});

export const ActivityId = idParam({
  description: 'The activity id (`act_` and 32 hexadecimal digits)',
  pattern: hex32('act'),
  example: 'act_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  notFound: notFound('ACTIVITY.NOT_FOUND', 'Activity not found', (id) => `No activity with id ${id}.`),
});

export const PartnershipId = idParam({
  description: 'The partnership agreement id (`prt_` and 32 hexadecimal digits)',
  pattern: hex32('prt'),
  example: 'prt_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  notFound: notFound('PARTNERSHIP.NOT_FOUND', 'Partnership not found', (id) => `No partnership with id ${id}.`),
});

export const LiaisonOfficerId = idParam({
  description: 'The appointment id (`lo_` and 32 hexadecimal digits)',
  pattern: hex32('lo'),
  example: 'lo_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  notFound: notFound('LIAISON_OFFICER.NOT_FOUND', 'Liaison officer not found', (id) => `No liaison officer with id ${id}.`),
});

export const ContactId = idParam({
  description: 'The contact’s person id',
  pattern: PERSON_ID_PATTERN,
  example: 'per_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  notFound: notFound('CONTACT.NOT_FOUND', 'Contact not found', (id) => `No contact with id ${id}.`),
});

export const PersonId = idParam({
  description: 'The person id (`per_…`) of a contact or a liaison officer',
  pattern: PERSON_ID_PATTERN,
  example: 'per_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  notFound: notFound('PERSON.NOT_FOUND', 'Person not found', (id) => `Nothing is held about person ${id}.`),
});

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const HsdsServiceId = idParam({
  description: 'HSDS id (a UUID)',
  pattern: UUID,
  example: '3f1c9a0e-5b7d-4c2a-9e8f-7a6b5c4d3e2f',
  notFound: notFound('HSDS.SERVICE_NOT_FOUND', 'Service not found', (id) => `No published service with id ${id}.`),
});

export const HsdsOrganizationId = idParam({
  description: 'HSDS id (a UUID)',
  pattern: UUID,
  example: '3f1c9a0e-5b7d-4c2a-9e8f-7a6b5c4d3e2f',
  notFound: notFound('HSDS.ORGANIZATION_NOT_FOUND', 'Organization not found', (id) => `No organization with id ${id}.`),
});
