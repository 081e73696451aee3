import type { Identity, InternalIdentitySigner } from '@yp/shared-bootstrap';

/** The signer's tokens live 60 s; one is reused for half of that, so a sent token always has 30 s left. */
export const IDENTITY_TOKEN_REUSE_MS = 30_000;
/** Callers remembered at most (a burst of new callers beyond it starts the memory afresh). */
const MAX_CALLERS = 10_000;

/**
 * The signed internal identity per caller, signed once and reused while it has at least half its
 * lifetime left, instead of signing (HMAC and JSON) on every relayed request. The token carries
 * only what the caller's access token or API key said (actor, roles, regions), so a reused token
 * says exactly what a fresh one would; a role or region change ends the caller's sessions (and so
 * its access tokens) and changes the key below.
 */
export class IdentityTokens {
  private readonly tokens = new Map<string, { readonly token: string; readonly until: number }>();

  constructor(
    private readonly signer: InternalIdentitySigner,
    private readonly now: () => number = Date.now,
  ) {}

  tokenFor(identity: Identity): string {
    const key = `${identity.actor}\n${identity.roles.join(',')}\n${identity.regions.join(',')}`;
    const now = this.now();
    const cached = this.tokens.get(key);
    if (cached && cached.until > now) return cached.token;
    if (this.tokens.size >= MAX_CALLERS) this.tokens.clear();
    const token = this.signer.sign(identity);
    this.tokens.set(key, { token, until: now + IDENTITY_TOKEN_REUSE_MS });
    return token;
  }
}
