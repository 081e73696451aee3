import { AppError } from '@yp/shared-bootstrap';
import type { SyncPosition } from './organisation.repository';

const ID = /^org_[a-f0-9]{32}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const badCursor = () => new AppError('REQUEST.BAD_CURSOR', 400, 'Bad request', 'cursor is not a cursor this API returned.');

/** Cursors of the (updatedAt, id) order used by incremental sync. */
export const syncCursor = {
  encode: (p: SyncPosition) => Buffer.from(`${p.updatedAt}|${p.id}`, 'utf8').toString('base64url'),
  decode(cursor: string | undefined): SyncPosition | undefined {
    if (cursor === undefined) return undefined;
    const [updatedAt = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    if (rest.length > 0 || !TIME.test(updatedAt) || !ID.test(id)) throw badCursor();
    return { updatedAt, id };
  },
};

/** updatedSince as the stored timestamp format (ISO with milliseconds, UTC). */
export function normaliseSince(since: string | undefined): string | undefined {
  return since === undefined ? undefined : new Date(since).toISOString();
}
