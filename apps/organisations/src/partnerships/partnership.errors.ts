import { AppError, RequestValidationError, aggregateErrors } from '@yp/shared-bootstrap';

const errors = aggregateErrors('PARTNERSHIP', 'partnership');

export const partnershipNotFound = errors.notFound;

export const partnershipRegionForbidden = () =>
  new AppError('PARTNERSHIP.REGION_FORBIDDEN', 403, 'Forbidden', 'You may not write partnership agreements in that region.');

export const partnershipStale = errors.stale;

export const partnerMissing = (index: number, id: string) =>
  new AppError('PARTNERSHIP.PARTNER_NOT_FOUND', 422, 'Request validation failed', `No organisation with id ${id}.`, {
    errors: [
      { field: `partnerOrganisationIds.${index}`, message: `partnerOrganisationIds.${index} ${id} is not a registered organisation` },
    ],
  });

export const invalidPartnership = (field: string, message: string) => new RequestValidationError([{ field, message }]);

export const badStatusTransition = (from: string, to: string) =>
  new AppError('PARTNERSHIP.BAD_TRANSITION', 409, 'Conflict', `A partnership that is ${from} cannot become ${to}.`);
