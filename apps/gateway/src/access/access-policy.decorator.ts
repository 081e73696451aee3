import { SetMetadata } from '@nestjs/common';
import { ROLES, type Role } from '@yp/contracts-http';

export const ACCESS_POLICY = 'yp:access-policy';

export type AccessPolicy = { readonly public: true } | { readonly roles: readonly Role[] };

/**
 * Every gateway route declares who may call it; a route without a policy is refused (deny by
 * default), and a test lists any such route.
 */
export const Public = () => SetMetadata(ACCESS_POLICY, { public: true } satisfies AccessPolicy);
export const Allow = (...roles: Role[]) => SetMetadata(ACCESS_POLICY, { roles } satisfies AccessPolicy);

/** Readers of the register: every role, people and keys alike. */
export const EVERY_ROLE: readonly Role[] = ROLES;
/** Who may change register data (object-level region checks follow in the owning service). */
export const REGISTER_WRITERS: readonly Role[] = ['admin', 'coordinator', 'integration'];
