import { Injectable } from '@nestjs/common';
import type { UpdateUserRequestDto } from '@yp/contracts-http';
import { AppError } from '@yp/shared-bootstrap';
import type { Loaded } from '@yp/shared-persistence';
import type { Caller } from '@gateway/access/caller';
import { SessionsService } from '@gateway/sessions/sessions.service';
import { cannotDemoteSelf, userNotFound } from '@gateway/users/user.errors';
import { UserRepository } from '@gateway/users/user.repository';
import type { UserState } from '@gateway/users/user.state';
import { assertRegionsFit } from '@gateway/users/commands/create-user/create-user.handler';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Changes a user; a change of roles, regions or a disabling ends the user's sessions at once. */
@Injectable()
export class UpdateUserHandler {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionsService,
  ) {}

  async execute(id: string, patch: UpdateUserRequestDto, caller: Caller, expectedVersion?: number): Promise<Loaded<UserState>> {
    let privilegesChanged = false;
    const updated = await this.users.store.update(id, (current) => {
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw new AppError(
          'USER.VERSION_MISMATCH',
          412,
          'Precondition failed',
          `The user is at version ${current.version}, not ${expectedVersion}.`,
        );
      }
      const s = current.state;
      const next: UserState = {
        ...s,
        displayName: patch.displayName ?? s.displayName,
        roles: patch.roles ? [...patch.roles] : s.roles,
        regions: patch.regions ? [...patch.regions].sort() : s.regions,
        disabled: patch.disabled ?? s.disabled,
      };
      assertRegionsFit(next.roles, next.regions);
      if (caller.actor === `user:${id}` && (!next.roles.includes('admin') || next.disabled)) throw cannotDemoteSelf();
      privilegesChanged = !sameSet(s.roles, next.roles) || !sameSet(s.regions, next.regions) || (next.disabled && !s.disabled);
      const changed = privilegesChanged || next.displayName !== s.displayName || next.disabled !== s.disabled;
      return changed ? { state: { ...next, updatedAt: new Date() }, records: [] } : null;
    });
    if (!updated) throw userNotFound(id);
    if (privilegesChanged) await this.sessions.revokeAllOf(id, 'user-changed');
    return updated;
  }
}
