import { AppError, RequestValidationError } from '@yp/shared-bootstrap';
import { SOURCE_ID_DESCRIPTION } from '@yp/contracts-http';

export const invalidSourceId = () =>
  new RequestValidationError([{ field: 'sourceId', message: `sourceId is invalid. ${SOURCE_ID_DESCRIPTION}` }]);

export const sourceIdNotFound = (sourceId: string) =>
  new AppError('ORGANISATION.NOT_FOUND', 404, 'Organisation not found', `You have no organisation with source id ${sourceId}.`);

/** The organisation was removed (a mistaken or duplicate entry): a sync must not bring it back. */
export const sourceIdRemoved = (sourceId: string, organisationId: string) =>
  new AppError(
    'ORGANISATION.NOT_FOUND',
    404,
    'Organisation not found',
    `The organisation of source id ${sourceId} (${organisationId}) was removed; the source id stays bound to it, so a sync does not bring it back. Remove it from your system too.`,
    { removedId: organisationId },
  );

/** If-Match names a version, but nothing exists yet under this source id. */
export const nothingToMatch = (sourceId: string) =>
  new AppError(
    'ORGANISATION.VERSION_MISMATCH',
    412,
    'Precondition failed',
    `No organisation has source id ${sourceId} yet; send the first PUT without If-Match.`,
    {
      currentVersion: 0,
    },
  );
