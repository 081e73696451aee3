import { AppError } from './app-error';

/**
 * The version an If-Match header asks for: undefined when absent or `*`, the number of an ETag this
 * API returned (`"3"`, weak allowed), else a 400.
 */
export function parseIfMatch(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const match = /^(?:W\/)?"(\d{1,10})"$/.exec(ifMatch.trim());
  if (!match) throw new AppError('REQUEST.BAD_IF_MATCH', 400, 'Bad request', 'If-Match must be an ETag this API returned, such as "3".');
  return Number(match[1]);
}
