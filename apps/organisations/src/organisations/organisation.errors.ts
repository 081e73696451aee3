import { AppError } from '@yp/shared-bootstrap';

export const organisationNotFound = (id: string) =>
  new AppError('ORGANISATION.NOT_FOUND', 404, 'Organisation not found', `No organisation with id ${id}.`);

export const duplicateBusinessId = (businessId: string, existingId: string) =>
  new AppError(
    'ORGANISATION.DUPLICATE_BUSINESS_ID',
    409,
    'Duplicate business ID',
    `An organisation with business ID ${businessId} is already registered.`,
    {
      existingId,
      existing: `/api/v1/organisations/${existingId}`,
    },
  );

export const staleVersion = (current: number) =>
  new AppError(
    'ORGANISATION.VERSION_MISMATCH',
    412,
    'Precondition failed',
    `The organisation has changed (now version ${current}); fetch it again and retry with its ETag.`,
    {
      currentVersion: current,
    },
  );

export const hasPublishedActivities = (count: number) =>
  new AppError(
    'ORGANISATION.HAS_PUBLISHED_ACTIVITIES',
    409,
    'Conflict',
    `The organisation has ${count} published activities; withdraw them first (or archive the organisation instead).`,
  );

export const regionForbidden = () =>
  new AppError('ORGANISATION.REGION_FORBIDDEN', 403, 'Forbidden', 'You may not write organisations in that region.');
