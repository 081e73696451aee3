import { AppError } from '@yp/shared-bootstrap';

export const partnershipNotFound = (id: string) =>
  new AppError('PARTNERSHIP.NOT_FOUND', 404, 'Partnership not found', `No partnership with id ${id}.`);

export const partnershipRegionForbidden = () =>
  new AppError('PARTNERSHIP.REGION_FORBIDDEN', 403, 'Forbidden', 'You may not write partnership agreements in that region.');

export const partnershipStale = (current: number) =>
  new AppError(
    'PARTNERSHIP.VERSION_MISMATCH',
    412,
    'Precondition failed',
    `The partnership has changed (now version ${current}); fetch it again and retry with its ETag.`,
    {
      currentVersion: current,
    },
  );

export const partnerMissing = (index: number, id: string) =>
  new AppError('PARTNERSHIP.PARTNER_NOT_FOUND', 422, 'Request validation failed', `No organisation with id ${id}.`, {
    errors: [
      { field: `partnerOrganisationIds.${index}`, message: `partnerOrganisationIds.${index} ${id} is not a registered organisation` },
    ],
  });

export const invalidPartnership = (field: string, message: string) =>
  new AppError('REQUEST.VALIDATION_FAILED', 422, 'Request validation failed', 'The request has invalid fields; see errors.', {
    errors: [{ field, message }],
  });

export const badStatusTransition = (from: string, to: string) =>
  new AppError('PARTNERSHIP.BAD_TRANSITION', 409, 'Conflict', `A partnership that is ${from} cannot become ${to}.`);
