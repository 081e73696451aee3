import type { Request, Response } from 'express';
import { OIDC_TRANSACTION_COOKIE, OidcTransactionCookie, readCookie } from './oidc-transaction';

const SECRET = 'test-jwt-secret-0123456789abcdef0123';

describe('OidcTransactionCookie', () => {
  const cookie = new OidcTransactionCookie(SECRET, '/api/v1/auth/oidc/callback', true);

  it('opens what it sealed, and nothing altered, foreign or expired', () => {
    const sealed = cookie.seal({ code_verifier: 'v', state: 's', nonce: 'n' }, 1000);
    expect(cookie.open(sealed, 2000)).toEqual({ code_verifier: 'v', state: 's', nonce: 'n' });
    expect(cookie.open(sealed, 1000 + 10 * 60 * 1000)).toBeUndefined();
    const [v, iv, body, tag] = sealed.split('.') as [string, string, string, string];
    const flipped = body.slice(0, -2) + (body.endsWith('A') ? 'B' : 'A') + body.slice(-1);
    expect(cookie.open([v, iv, flipped, tag].join('.'), 2000)).toBeUndefined();
    expect(new OidcTransactionCookie('another-secret-0123456789abcdef0123', '/', true).open(sealed, 2000)).toBeUndefined();
    expect(cookie.open(undefined)).toBeUndefined();
    expect(cookie.open('v1.a.b')).toBeUndefined();
  });

  it('stands in for the session: setting writes the cookie, reading opens it, deleting clears it', () => {
    const headers: string[] = [];
    const response = { append: (_name: string, value: string) => headers.push(value) } as unknown as Response;
    const request = { headers: {} } as Request & { session: Record<string, unknown> };
    cookie.attach(request, response, 'oidc');
    request.session.oidc = { code_verifier: 'v' };
    expect(headers[0]).toMatch(new RegExp(`^${OIDC_TRANSACTION_COOKIE}=v1\\.`));
    expect(headers[0]).toContain('Path=/api/v1/auth/oidc/callback; Max-Age=600; HttpOnly; SameSite=Lax; Secure');

    const back = { headers: { cookie: `other=1; ${headers[0].split(';')[0]}` } } as Request & { session: Record<string, unknown> };
    cookie.attach(back, response, 'oidc');
    expect(back.session.oidc).toEqual({ code_verifier: 'v' });
    delete back.session.oidc;
    expect(headers[1]).toMatch(new RegExp(`^${OIDC_TRANSACTION_COOKIE}=; Path=/api/v1/auth/oidc/callback; Max-Age=0;`));
  });

  it('reads one cookie out of a Cookie header', () => {
    expect(readCookie('a=1; b=2=3 ;c=', 'b')).toBe('2=3');
    expect(readCookie(undefined, 'b')).toBeUndefined();
  });
});
