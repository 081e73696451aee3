import { AppError } from '@yp/shared-bootstrap';

export const hsdsServiceNotFound = (id: string) =>
  new AppError('HSDS.SERVICE_NOT_FOUND', 404, 'Service not found', `No published service with id ${id}.`);

export const hsdsOrganizationNotFound = (id: string) =>
  new AppError('HSDS.ORGANIZATION_NOT_FOUND', 404, 'Organization not found', `No organization with id ${id}.`);
