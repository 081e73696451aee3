import { AppError, RequestValidationError } from '@yp/shared-bootstrap';

/** Personal data: a contact outside the caller's regions does not exist for them either. */
export const contactNotFound = (id: string) => new AppError('CONTACT.NOT_FOUND', 404, 'Contact not found', `No contact with id ${id}.`);

export const contactRegionForbidden = () =>
  new AppError('CONTACT.REGION_FORBIDDEN', 403, 'Forbidden', 'You may not write contact persons of organisations in that region.');

export const contactStaleVersion = (current: number) =>
  new AppError(
    'CONTACT.VERSION_MISMATCH',
    412,
    'Precondition failed',
    `The contact has changed (now version ${current}); fetch it again and retry with its ETag.`,
    {
      currentVersion: current,
    },
  );

export const unknownOrganisation = (organisationId: string) =>
  new RequestValidationError([{ field: 'organisationId', message: `no organisation with id ${organisationId} is registered` }]);

export const personNotFound = (personId: string) =>
  new AppError('PERSON.NOT_FOUND', 404, 'Person not found', `Nothing is held about person ${personId}.`);

export const erasureForbidden = () => new AppError('PERSON.ERASURE_FORBIDDEN', 403, 'Forbidden', 'Only administrators may erase a person.');
