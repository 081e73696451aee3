import { AppError, RequestValidationError, aggregateErrors } from '@yp/shared-bootstrap';

const errors = aggregateErrors('CONTACT', 'contact');

/** Personal data: a contact outside the caller's regions does not exist for them either. */
export const contactNotFound = errors.notFound;

export const contactRegionForbidden = () =>
  new AppError('CONTACT.REGION_FORBIDDEN', 403, 'Forbidden', 'You may not write contact persons of organisations in that region.');

export const contactStaleVersion = errors.stale;

export const unknownOrganisation = (organisationId: string) =>
  new RequestValidationError([{ field: 'organisationId', message: `no organisation with id ${organisationId} is registered` }]);

export const personNotFound = (personId: string) =>
  new AppError('PERSON.NOT_FOUND', 404, 'Person not found', `Nothing is held about person ${personId}.`);

export const erasureForbidden = () => new AppError('PERSON.ERASURE_FORBIDDEN', 403, 'Forbidden', 'Only administrators may erase a person.');

export const erasureNotFound = (personId: string) =>
  new AppError('PERSON.ERASURE_NOT_FOUND', 404, 'Erasure not found', `Person ${personId} was never asked to be erased.`);
