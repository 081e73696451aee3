import { AppError } from '@yp/shared-bootstrap';

export const activityNotFound = (id: string) => new AppError('ACTIVITY.NOT_FOUND', 404, 'Activity not found', `No activity with id ${id}.`);

export const activityRegionForbidden = () =>
  new AppError('ACTIVITY.REGION_FORBIDDEN', 403, 'Forbidden', 'You may not write activities in that region.');

export const activityStale = (current: number) =>
  new AppError(
    'ACTIVITY.VERSION_MISMATCH',
    412,
    'Precondition failed',
    `The activity has changed (now version ${current}); fetch it again and retry with its ETag.`,
    {
      currentVersion: current,
    },
  );

export const organisationMissing = (id: string) =>
  new AppError('ACTIVITY.ORGANISATION_NOT_FOUND', 422, 'Request validation failed', `No organisation with id ${id}.`, {
    errors: [{ field: 'organisationId', message: `organisationId ${id} is not a registered organisation` }],
  });

export const invalidActivity = (field: string, message: string) =>
  new AppError('REQUEST.VALIDATION_FAILED', 422, 'Request validation failed', 'The request has invalid fields; see errors.', {
    errors: [{ field, message }],
  });

export const badTransition = (from: string, to: string) =>
  new AppError('ACTIVITY.BAD_TRANSITION', 409, 'Conflict', `An activity that is ${from} cannot become ${to}.`);
