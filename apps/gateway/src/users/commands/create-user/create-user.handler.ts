import { Injectable } from '@nestjs/common';
import type { CreateUserRequestDto, UserRole } from '@yp/contracts-http';
import { VersionedStore, type Loaded } from '@yp/shared-persistence';
import { passwordHasher } from '@gateway/users/password-hasher';
import { adminHasNoRegions, regionRequired, usernameTaken } from '@gateway/users/user.errors';
import { normaliseUsername, UserRepository } from '@gateway/users/user.repository';
import type { UserState } from '@gateway/users/user.state';

/** Regions must fit the roles: admins act everywhere, everyone else in named regions. */
export function assertRegionsFit(roles: readonly UserRole[], regions: readonly string[]): void {
  if (roles.includes('admin') && regions.length > 0) throw adminHasNoRegions();
  if (!roles.includes('admin') && regions.length === 0) throw regionRequired();
}

@Injectable()
export class CreateUserHandler {
  constructor(private readonly users: UserRepository) {}

  async execute(request: CreateUserRequestDto, createdBy: string, id = VersionedStore.newId('usr')): Promise<Loaded<UserState>> {
    assertRegionsFit(request.roles, request.regions);
    const username = normaliseUsername(request.username);
    if (!(await this.users.claimUsername(username, id))) throw usernameTaken(username);
    const passwordHash = await passwordHasher.hash(request.password);
    await this.users.setPassword(id, passwordHash, null);
    const now = new Date();
    const state: UserState = {
      username,
      displayName: request.displayName,
      roles: [...request.roles],
      regions: [...request.regions].sort(),
      disabled: false,
      createdAt: now,
      updatedAt: now,
      createdBy,
    };
    return this.users.store.create(id, { state, records: [] });
  }
}
