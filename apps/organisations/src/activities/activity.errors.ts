import { AppError, RequestValidationError, aggregateErrors } from '@yp/shared-bootstrap';

const errors = aggregateErrors('ACTIVITY', 'activity');

export const activityNotFound = errors.notFound;

export const activityRegionForbidden = () =>
  new AppError('ACTIVITY.REGION_FORBIDDEN', 403, 'Forbidden', 'You may not write activities in that region.');

export const activityStale = errors.stale;

export const organisationMissing = (id: string) =>
  new AppError('ACTIVITY.ORGANISATION_NOT_FOUND', 422, 'Request validation failed', `No organisation with id ${id}.`, {
    errors: [{ field: 'organisationId', message: `organisationId ${id} is not a registered organisation` }],
  });

export const invalidActivity = (field: string, message: string) => new RequestValidationError([{ field, message }]);

export const badTransition = (from: string, to: string) =>
  new AppError('ACTIVITY.BAD_TRANSITION', 409, 'Conflict', `An activity that is ${from} cannot become ${to}.`);
