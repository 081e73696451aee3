import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed link lets its holder do, without logging in. */
export type LinkPurpose = 'preferences' | 'unsubscribe';

export interface LinkClaims {
  readonly purpose: LinkPurpose;
  readonly personId: string;
  /** For `unsubscribe`: the category of the email the link came in. */
  readonly category?: string;
}

const VERSION = 'v1';

/**
 * Signed, unguessable links in emails (preferences and one-click unsubscribe, RFC 8058): the claims
 * in base64url JSON and an HMAC-SHA256 over them with `NOTIFICATIONS_LINK_SECRET`. They do not expire
 * (an unsubscribe link must keep working in an old email); changing the secret invalidates them all.
 * The link carries a person id, never an address.
 */
export class LinkSigner {
  constructor(private readonly secret: string) {
    if (secret.length < 32) throw new Error('NOTIFICATIONS_LINK_SECRET must be at least 32 characters');
  }

  sign(claims: LinkClaims): string {
    const body = Buffer.from(
      JSON.stringify({ u: claims.purpose, p: claims.personId, ...(claims.category ? { c: claims.category } : {}) }),
    ).toString('base64url');
    return `${VERSION}.${body}.${this.mac(body)}`;
  }

  /** The claims of a genuine token, or undefined for anything else (tampered, truncated, other secret). */
  verify(token: unknown): LinkClaims | undefined {
    if (typeof token !== 'string' || token.length > 600) return undefined;
    const [version, body, mac] = token.split('.');
    if (version !== VERSION || !body || !mac || token.split('.').length !== 3) return undefined;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { u?: unknown; p?: unknown; c?: unknown };
      if ((raw.u !== 'preferences' && raw.u !== 'unsubscribe') || typeof raw.p !== 'string' || raw.p.length === 0) return undefined;
      return { purpose: raw.u, personId: raw.p, ...(typeof raw.c === 'string' ? { category: raw.c } : {}) };
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(`${VERSION}.${body}`).digest('base64url');
  }
}
