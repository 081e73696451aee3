import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

export const OIDC_TRANSACTION_COOKIE = 'yp_oidc_tx';
const VERSION = 'v1';

interface Sealed {
  /** Expiry, epoch milliseconds. */
  readonly exp: number;
  readonly data: unknown;
}

/**
 * Keeps the pending authorisation request (PKCE verifier, state, nonce) between the redirect to the
 * provider and its return, in the browser rather than on the server: one cookie, sealed with
 * AES-256-GCM under a key derived from JWT_SECRET (so it can be neither read nor forged),
 * HttpOnly, SameSite=Lax (sent on the provider's top-level redirect back, not on cross-site
 * subrequests), Secure behind https, scoped to the callback path and alive for ten minutes. The
 * callback deletes it, and the provider redeems a code only once, so a replayed callback fails.
 *
 * The passport strategy of openid-client keeps this state in `req.session[key]`; `attach()` puts
 * a session-shaped object there that reads and writes the cookie, so no express-session (and no
 * server-side store) is needed.
 */
export class OidcTransactionCookie {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly path: string,
    private readonly secure: boolean,
    private readonly ttlMs = 10 * 60 * 1000,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'yp-oidc-transaction', 'cookie-seal', 32));
  }

  seal(data: unknown, now = Date.now()): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(VERSION));
    const body = Buffer.concat([cipher.update(JSON.stringify({ exp: now + this.ttlMs, data } satisfies Sealed), 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** The data sealed in `value`, or undefined when it is missing, altered, or expired. */
  open(value: string | undefined, now = Date.now()): unknown {
    const [version, iv, body, tag, ...rest] = (value ?? '').split('.');
    if (version !== VERSION || !iv || !body || !tag || rest.length > 0) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(VERSION));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const sealed: unknown = JSON.parse(
        Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8'),
      );
      return isSealed(sealed) && sealed.exp > now ? sealed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Gives the request a `session` whose one key `sessionKey` lives in the cookie. */
  attach(request: Request, response: Response, sessionKey: string): void {
    const read = () => this.open(readCookie(request.headers.cookie, OIDC_TRANSACTION_COOKIE));
    const write = (value: string, maxAgeMs: number) =>
      response.append('Set-Cookie', serialiseCookie(OIDC_TRANSACTION_COOKIE, value, { path: this.path, maxAgeMs, secure: this.secure }));
    const session = new Proxy<Record<string, unknown>>(
      {},
      {
        get: (target, property) => (property === sessionKey ? read() : (Reflect.get(target, property) as unknown)),
        set: (target, property, value) => {
          if (property !== sessionKey) return Reflect.set(target, property, value);
          write(this.seal(value), this.ttlMs);
          return true;
        },
        deleteProperty: (target, property) => {
          if (property !== sessionKey) return Reflect.deleteProperty(target, property);
          write('', 0);
          return true;
        },
      },
    );
    Object.defineProperty(request, 'session', { value: session, configurable: true, writable: true });
  }
}

const isSealed = (value: unknown): value is Sealed =>
  typeof value === 'object' && value !== null && typeof (value as Partial<Sealed>).exp === 'number';

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

function serialiseCookie(name: string, value: string, options: { path: string; maxAgeMs: number; secure: boolean }): string {
  return [
    `${name}=${value}`,
    `Path=${options.path}`,
    `Max-Age=${Math.floor(options.maxAgeMs / 1000)}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
