import { AppError } from '@yp/shared-bootstrap';
import type { ImportRowErrorDto } from '@yp/contracts-http';

/** The file as a whole cannot be imported (nothing was read from it, nothing written). */
export const importFileUnusable = (errors: readonly ImportRowErrorDto[]) =>
  new AppError(
    'ORGANISATION.IMPORT_FILE_UNUSABLE',
    422,
    'Unusable import file',
    'The file cannot be imported as it is; see errors. Nothing was written.',
    {
      errors: errors.map(({ field, message }) => ({ field, message })),
    },
  );

export const importNotCsv = () =>
  new AppError(
    'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    415,
    'Unsupported media type',
    'Send the file as the request body with Content-Type: text/csv (UTF-8).',
  );

export const importNotFound = (id: string) =>
  new AppError('IMPORT.NOT_FOUND', 404, 'Import not found', `No import ${id} that you started.`);
