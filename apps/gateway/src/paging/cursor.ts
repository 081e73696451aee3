import { AppError } from '@yp/shared-bootstrap';

export const DEFAULT_PAGE_SIZE = 50;

export const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');

/** Decodes a cursor this API returned; anything else is a 400. */
export function decodeCursor(cursor: string | undefined, idPattern: RegExp): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!idPattern.test(id)) throw new AppError('REQUEST.BAD_CURSOR', 400, 'Bad request', 'cursor is not a cursor this API returned.');
  return id;
}

/** Splits a fetched page of limit + 1 rows into the items and the next cursor. */
export function page<T extends { id: string }, R>(
  rows: readonly T[],
  limit: number,
  present: (row: T) => R,
): { items: R[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(present), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
