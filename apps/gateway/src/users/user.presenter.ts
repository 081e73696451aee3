import type { UserResponseDto } from '@yp/contracts-http';
import type { Loaded } from '@yp/shared-persistence';
import type { UserCredentials, UserState } from './user.state';

export function presentUser(user: Loaded<UserState>, credentials?: UserCredentials | null): UserResponseDto {
  const s = user.state;
  return {
    id: user.id,
    username: s.username,
    displayName: s.displayName,
    roles: [...s.roles],
    regions: [...s.regions],
    disabled: s.disabled,
    version: user.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    passwordChangedAt: credentials?.passwordChangedAt ? credentials.passwordChangedAt.toISOString() : null,
  };
}
