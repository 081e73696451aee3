import type { UserRole } from '@yp/contracts-http';

/** A person who logs in. The password hash lives apart (user_credentials), out of the change log. */
export interface UserState {
  username: string;
  displayName: string;
  roles: UserRole[];
  regions: string[];
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
}

export interface UserCredentials {
  _id: string;
  passwordHash: string;
  passwordChangedAt: Date | null;
}

/** Consecutive failed logins of one username (known or not, so that lockout reveals nothing). */
export interface LoginFailures {
  _id: string;
  failures: number;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}
