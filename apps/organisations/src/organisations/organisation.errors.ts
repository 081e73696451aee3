import { AppError, aggregateErrors } from '@yp/shared-bootstrap';

const errors = aggregateErrors('ORGANISATION', 'organisation');

export const organisationNotFound = errors.notFound;

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

export const staleVersion = errors.stale;

export const hasPublishedActivities = (count: number) =>
  new AppError(
    'ORGANISATION.HAS_PUBLISHED_ACTIVITIES',
    409,
    'Conflict',
    `The organisation has ${count} published activities; withdraw them first (or archive the organisation instead).`,
  );

export const regionForbidden = () =>
  new AppError('ORGANISATION.REGION_FORBIDDEN', 403, 'Forbidden', 'You may not write organisations in that region.');
