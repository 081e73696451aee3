import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { TestSystem, type ApiResponse } from '@yp/shared-testing';

/**
 * OpenID Connect login against a real provider (panva/oidc-provider, run as its own process by
 * test-idp.mjs), driven as a browser would: redirects followed by hand, cookies kept per origin,
 * the provider's login and consent forms submitted.
 */
const CLIENT = { id: 'yhteispeli-gateway', secret: 'test-oidc-client-secret-0123456789' };
const stamp = Date.now().toString(36);
const ACCOUNTS = {
  ella: { email: `Ella.Esimerkki.${stamp}@lappi.example.fi`, email_verified: true, name: 'Ella Esimerkki' },
  outsider: { email: `outsider.${stamp}@example.fi`, email_verified: true, name: 'Otto Outsider' },
  unverified: { email: `unverified.${stamp}@lappi.example.fi`, email_verified: false, name: 'Uuno Unverified' },
};
const LOGIN_PATH = '/api/v1/auth/oidc/login';

/** Cookies per origin; enough for one provider and one gateway on loopback. */
class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  store(url: string, response: Response): void {
    const cookies = this.of(url);
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (!value || expired) cookies.delete(name);
      else cookies.set(name, value);
    }
  }

  header(url: string): string {
    return [...this.of(url)].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(url: string, name: string): string | undefined {
    return this.of(url).get(name);
  }

  set(url: string, name: string, value: string): void {
    this.of(url).set(name, value);
  }

  private of(url: string): Map<string, string> {
    const origin = new URL(url).origin;
    if (!this.byOrigin.has(origin)) this.byOrigin.set(origin, new Map());
    return this.byOrigin.get(origin)!;
  }
}

async function browse(jar: CookieJar, url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { cookie: jar.header(url) };
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const response = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
  jar.store(url, response);
  return response;
}

/** The form on a page of the provider: where it posts and its hidden fields. */
function formOf(html: string, pageUrl: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]+)"/i.exec(html)?.[1];
  if (!action) throw new Error(`no form on ${pageUrl}: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const [, name = '', value = ''] of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gi))
    fields[name] = value;
  return { action: new URL(action.replace(/&amp;/g, '&'), pageUrl).href, fields };
}

/**
 * From the gateway's login route through the provider's pages (login as `login`, then consent, or
 * cancel at the first page) to the URL the provider sends the browser back to.
 */
async function throughProvider(jar: CookieJar, gateway: string, login: string, options: { cancel?: boolean } = {}): Promise<string> {
  const start = await browse(jar, `${gateway}${LOGIN_PATH}`);
  expect(start.status).toBe(302);
  let url = new URL(start.headers.get('location')!, gateway).href;
  const authorise = new URL(url);
  expect(authorise.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorise.searchParams.get('code_challenge')).toBeTruthy();
  expect(authorise.searchParams.get('state')).toBeTruthy();
  expect(authorise.searchParams.get('nonce')).toBeTruthy();
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(gateway)) return url;
    const response = await browse(jar, url);
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    expect(response.status).toBe(200);
    if (options.cancel) {
      url = new URL(`${new URL(url).pathname}/abort`, url).href;
      continue;
    }
    const html = await response.text();
    const form = formOf(html, url);
    const fields = form.fields.prompt === 'login' ? { ...form.fields, login, password: 'any password will do' } : form.fields;
    const submitted = await browse(jar, form.action, { method: 'POST', form: fields });
    expect(submitted.headers.get('location')).toBeTruthy();
    url = new URL(submitted.headers.get('location')!, form.action).href;
  }
  throw new Error('the provider did not send the browser back to the gateway');
}

async function finish(jar: CookieJar, callbackUrl: string): Promise<ApiResponse<Record<string, unknown>>> {
  const response = await browse(jar, callbackUrl);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

function expectProblem(response: ApiResponse<Record<string, unknown>>, status: number, code: string): void {
  expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
  expect(response.headers.get('content-type')).toContain('application/problem+json');
}

/** The gateway's readiness asks the services behind it; these answer "up" so it can start alone. */
async function startProvider(redirectUri: string): Promise<{ child: ChildProcess; issuer: string }> {
  const child = spawn(process.execPath, [resolve(__dirname, 'test-idp.mjs')], {
    env: {
      PATH: process.env.PATH ?? '',
      IDP_CLIENT_ID: CLIENT.id,
      IDP_CLIENT_SECRET: CLIENT.secret,
      IDP_REDIRECT_URI: redirectUri,
      IDP_ACCOUNTS: JSON.stringify(ACCOUNTS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const issuer = await new Promise<string>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`test provider did not start: ${stderr}`)), 20000);
    child.once('exit', (code) => fail(new Error(`test provider exited (${code}): ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^READY (\S+)$/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        ready(match[1]);
      }
    });
  });
  return { child, issuer };
}

describe('OpenID Connect login', () => {
  let system: TestSystem;
  let provider: { child: ChildProcess; issuer: string } | undefined;
  let gateway: string;

  beforeAll(async () => {
    // The gateway alone: log-in reaches no service behind it. The provider must know the gateway's
    // callback before the gateway starts (it discovers the provider at start): take the ports first,
    // then start the provider, then the gateway.
    const gatewayEnv: Record<string, string> = {};
    system = await TestSystem.start('oidc', [], { gateway: gatewayEnv });
    gateway = system.url('gateway');
    const redirectUri = `${gateway}/api/v1/auth/oidc/callback`;
    provider = await startProvider(redirectUri);
    Object.assign(gatewayEnv, {
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: CLIENT.id,
      OIDC_CLIENT_SECRET: CLIENT.secret,
      OIDC_REDIRECT_URL: redirectUri,
    });
    await system.startApp('gateway');
  });

  afterAll(async () => {
    await system?.stop();
    provider?.child.kill('SIGTERM');
  });

  it('logs an existing user in through the provider, with tokens that work like a password login’s', async () => {
    const created = await system.request<{ id: string }>('POST', '/api/v1/users', {
      body: {
        username: ACCOUNTS.ella.email,
        displayName: 'Ella Esimerkki',
        roles: ['coordinator'],
        regions: ['19'],
        password: 'unused-password-0123',
      },
    });
    expect(created.status).toBe(201);

    const jar = new CookieJar();
    const callback = await throughProvider(jar, gateway, 'ella');
    expect(jar.get(gateway, 'yp_oidc_tx')).toBeTruthy();
    const tokens = await finish(jar, callback);
    expect(tokens.status).toBe(200);
    expect(tokens.body.tokenType).toBe('Bearer');
    expect(typeof tokens.body.accessToken).toBe('string');
    expect(String(tokens.body.refreshToken)).toMatch(/^ses_/);
    expect(tokens.headers.get('cache-control')).toContain('no-store');
    expect(jar.get(gateway, 'yp_oidc_tx')).toBeUndefined();

    const me = await system.request<{ actor: string; roles: string[]; regions: string[] }>('GET', '/api/v1/auth/me', {
      headers: { authorization: `Bearer ${String(tokens.body.accessToken)}` },
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ actor: `user:${created.body.id}`, roles: ['coordinator'], regions: ['19'] });

    // The callback cannot be replayed, cookie and all: the transaction is gone and the code spent.
    const replayJar = new CookieJar();
    const again = await throughProvider(replayJar, gateway, 'ella');
    const cookie = replayJar.get(gateway, 'yp_oidc_tx')!;
    expect((await finish(replayJar, again)).status).toBe(200);
    replayJar.set(gateway, 'yp_oidc_tx', cookie);
    expectProblem(await finish(replayJar, again), 401, 'AUTH.OIDC_FAILED');
  });

  it('refuses an identity with no user here (no accounts are created)', async () => {
    const jar = new CookieJar();
    expectProblem(await finish(jar, await throughProvider(jar, gateway, 'outsider')), 403, 'AUTH.OIDC_USER_UNKNOWN');
    const users = await system.request<{ items: { username: string }[] }>('GET', '/api/v1/users?limit=100');
    expect(users.body.items.map((u) => u.username)).not.toContain(ACCOUNTS.outsider.email);
  });

  it('refuses an email the provider has not verified', async () => {
    const created = await system.request('POST', '/api/v1/users', {
      body: {
        username: ACCOUNTS.unverified.email,
        displayName: 'Uuno',
        roles: ['coordinator'],
        regions: ['19'],
        password: 'unused-password-0123',
      },
    });
    expect(created.status).toBe(201);
    const jar = new CookieJar();
    expectProblem(await finish(jar, await throughProvider(jar, gateway, 'unverified')), 403, 'AUTH.OIDC_CLAIM_REJECTED');
  });

  it('refuses a tampered state', async () => {
    const jar = new CookieJar();
    const callback = new URL(await throughProvider(jar, gateway, 'ella'));
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    expectProblem(await finish(jar, callback.href), 401, 'AUTH.OIDC_FAILED');
  });

  it('refuses a callback without the transaction cookie, or with a forged one', async () => {
    const jar = new CookieJar();
    const callback = await throughProvider(jar, gateway, 'ella');
    jar.set(gateway, 'yp_oidc_tx', 'v1.AAAA.BBBB.CCCC');
    expectProblem(await finish(jar, callback), 401, 'AUTH.OIDC_FAILED');
    expectProblem(await finish(new CookieJar(), callback), 401, 'AUTH.OIDC_FAILED');
  });

  it('answers 401 when the user cancels at the provider (access_denied)', async () => {
    const jar = new CookieJar();
    const callback = await throughProvider(jar, gateway, 'ella', { cancel: true });
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied');
    expectProblem(await finish(jar, callback), 401, 'AUTH.OIDC_FAILED');
  });

  it('documents both routes in the OpenAPI document', async () => {
    const document = await system.request<{ paths: Record<string, unknown> }>('GET', '/docs/openapi.json', { auth: false });
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/oidc/login', '/api/v1/auth/oidc/callback']));
  });

  it('has no OIDC routes when OIDC_ISSUER_URL is not set', async () => {
    const plain = await TestSystem.start('oidc-off', ['gateway']);
    try {
      const login = await plain.request('GET', LOGIN_PATH, { auth: false });
      expect(login.status).toBe(404);
      const document = await plain.request<{ paths: Record<string, unknown> }>('GET', '/docs/openapi.json', { auth: false });
      expect(Object.keys(document.body.paths).filter((p) => p.includes('/oidc/'))).toEqual([]);
    } finally {
      await plain.stop();
    }
  });
});
