import { AppError } from '@yp/shared-bootstrap';

export const userNotFound = (id: string) => new AppError('USER.NOT_FOUND', 404, 'User not found', `No user with id ${id}.`);
export const usernameTaken = (username: string) =>
  new AppError('USER.USERNAME_TAKEN', 409, 'Username taken', `A user named ${username} already exists.`);
export const regionRequired = () =>
  new AppError('USER.REGION_REQUIRED', 422, 'Request validation failed', 'Coordinators and liaison officers need at least one region.', {
    errors: [{ field: 'regions', message: 'regions must name at least one region for coordinators and liaison officers' }],
  });
export const adminHasNoRegions = () =>
  new AppError('USER.ADMIN_REGIONS', 422, 'Request validation failed', 'Admins act in every region; leave regions empty.', {
    errors: [{ field: 'regions', message: 'regions must be empty for admins' }],
  });
export const cannotDemoteSelf = () =>
  new AppError('USER.SELF_LOCKOUT', 409, 'Conflict', 'You cannot remove your own admin role or disable yourself.');
