import { AppError, type FieldError } from '@yp/shared-bootstrap';

/**
 * A meeting invitation that cannot become a correct .ics. Every problem is listed at once, with
 * the field it concerns, so the rule (or the event it came from) can be fixed in one go.
 */
export const invalidInvitation = (errors: readonly FieldError[]) =>
  new AppError(
    'CALENDAR.INVALID_INVITATION',
    422,
    'Invalid meeting invitation',
    `The meeting invitation cannot be rendered: ${errors.map((e) => e.message).join('; ')}.`,
    { errors },
  );
