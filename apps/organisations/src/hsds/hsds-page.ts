import type { HsdsPageQueryDto } from '@yp/contracts-http';
import { AppError } from '@yp/shared-bootstrap';

export interface PageRequest {
  readonly pageNumber: number;
  readonly size: number;
  readonly skip: number;
  readonly limit: number;
  /** Normalised to toISOString, the format the states store, so it compares as a string. */
  readonly modifiedAfter?: string;
}

export function pageRequest(query: HsdsPageQueryDto): PageRequest {
  const pageNumber = query.page ?? 1;
  const size = query.per_page ?? 50;
  let modifiedAfter: string | undefined;
  if (query.modified_after !== undefined) {
    const time = Date.parse(query.modified_after);
    if (Number.isNaN(time)) {
      throw new AppError('REQUEST.VALIDATION_FAILED', 422, 'Request validation failed', 'The request has invalid fields; see errors.', {
        errors: [{ field: 'modified_after', message: 'modified_after must be a date-time' }],
      });
    }
    modifiedAfter = new Date(time).toISOString();
  }
  return { pageNumber, size, skip: (pageNumber - 1) * size, limit: size, ...(modifiedAfter ? { modifiedAfter } : {}) };
}

/** The HSDS API page object. */
export function hsdsPage<T>(request: PageRequest, total: number, contents: T[]) {
  const totalPages = Math.ceil(total / request.size);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: request.pageNumber,
    size: contents.length,
    first_page: request.pageNumber === 1,
    last_page: request.pageNumber >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}
