import type { LookupAddress } from 'node:dns';
import { assertDeliverableUrl, assertSafeWebhookUrl, guardedLookup, UnsafeUrlError, type Resolver } from './webhook-url';

/** A resolver from a table: no DNS in unit tests. */
const table =
  (entries: Record<string, readonly string[]>): Resolver =>
  (hostname) => {
    const addresses = entries[hostname];
    if (!addresses) return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    return Promise.resolve(addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })));
  };

const dns = table({
  'hooks.example.fi': ['193.166.3.2', '2a00:1450:4010:c05::64'],
  'internal.example.fi': ['10.20.30.40'],
  'metadata.example.fi': ['169.254.169.254'],
  'mixed.example.fi': ['193.166.3.2', '127.0.0.1'],
  'mapped.example.fi': ['::ffff:192.168.0.1'],
  localhost: ['127.0.0.1', '::1'],
});
const production = { allowPrivate: false, resolve: dns };
const development = { allowPrivate: true, resolve: dns };

describe('webhook URL check at subscribe time (WEBHOOKS_ALLOW_PRIVATE_URLS off)', () => {
  it('accepts https to a host whose every address is public, and a public IP literal', async () => {
    await expect(assertSafeWebhookUrl('https://hooks.example.fi/yhteispeli', production)).resolves.toBeInstanceOf(URL);
    await expect(assertSafeWebhookUrl('https://203.0.113.10:8443/hook', production)).resolves.toBeInstanceOf(URL);
  });

  it.each([
    ['plain http', 'http://hooks.example.fi/hook', /https/],
    ['credentials in the URL', 'https://user:pass@hooks.example.fi/hook', /credentials/],
    ['a name that resolves to a private address', 'https://internal.example.fi/hook', /10\.20\.30\.40, private/],
    ['the cloud metadata address by name', 'https://metadata.example.fi/latest', /link-local/],
    ['one private address among public ones', 'https://mixed.example.fi/hook', /127\.0\.0\.1, loopback/],
    ['an IPv4-mapped IPv6 address', 'https://mapped.example.fi/hook', /IPv4-mapped/],
    ['localhost', 'https://localhost:3000/hook', /loopback/],
    ['a loopback IP literal', 'https://127.0.0.1/hook', /loopback/],
    ['an IPv6 loopback literal', 'https://[::1]/hook', /loopback/],
    ['a private IP literal', 'https://192.168.1.1/hook', /private/],
    ['a name that does not resolve', 'https://nowhere.example.fi/hook', /cannot be resolved \(ENOTFOUND\)/],
    ['not a URL', 'hooks.example.fi', /not a valid URL/],
  ])('refuses %s', async (_what, url, reason) => {
    const attempt = assertSafeWebhookUrl(url, production);
    await expect(attempt).rejects.toBeInstanceOf(UnsafeUrlError);
    await expect(attempt).rejects.toThrow(reason);
  });

  it('with WEBHOOKS_ALLOW_PRIVATE_URLS on, allows http and localhost (development and tests)', async () => {
    await expect(assertSafeWebhookUrl('http://127.0.0.1:4567/hook', development)).resolves.toBeInstanceOf(URL);
    await expect(assertSafeWebhookUrl('http://internal.example.fi/hook', development)).resolves.toBeInstanceOf(URL);
    await expect(assertSafeWebhookUrl('ftp://internal.example.fi/hook', development)).rejects.toThrow(/https/);
  });
});

describe('the check again at delivery time', () => {
  it('refuses an IP literal without DNS, and leaves host names to the socket lookup', () => {
    expect(() => assertDeliverableUrl('https://10.0.0.1/hook', production)).toThrow(/private/);
    expect(() => assertDeliverableUrl('http://hooks.example.fi/hook', production)).toThrow(/https/);
    expect(assertDeliverableUrl('https://internal.example.fi/hook', production).hostname).toBe('internal.example.fi');
  });

  function lookUp(
    policy: { allowPrivate: boolean; resolve: Resolver },
    hostname: string,
    options: { all?: boolean; family?: number } = {},
  ) {
    return new Promise<{ error: Error | null; address: unknown; family?: number }>((resolve) =>
      guardedLookup(policy)(hostname, options, (error, address, family) => resolve({ error, address, family })),
    );
  }

  it('the socket lookup refuses a name that now resolves to a private address (DNS rebinding)', async () => {
    let answer = '193.166.3.2';
    const rebinding: Resolver = () => Promise.resolve([{ address: answer, family: 4 }]);
    const policy = { allowPrivate: false, resolve: rebinding };
    await expect(assertSafeWebhookUrl('https://rebind.example.fi/hook', policy)).resolves.toBeInstanceOf(URL);
    expect(await lookUp(policy, 'rebind.example.fi')).toEqual({ error: null, address: '193.166.3.2', family: 4 });
    answer = '127.0.0.1';
    const refused = await lookUp(policy, 'rebind.example.fi');
    expect(refused.error).toBeInstanceOf(UnsafeUrlError);
    expect(refused.error?.message).toMatch(/address refused: rebind\.example\.fi resolves to 127\.0\.0\.1, loopback/);
  });

  it('hands the checked addresses to the socket, by family and as a list when asked', async () => {
    expect(await lookUp(production, 'hooks.example.fi', { family: 6 })).toEqual({
      error: null,
      address: '2a00:1450:4010:c05::64',
      family: 6,
    });
    expect((await lookUp(production, 'hooks.example.fi', { all: true })).address).toHaveLength(2);
    expect((await lookUp(production, 'nowhere.example.fi')).error).toMatchObject({ code: 'ENOTFOUND' });
    expect((await lookUp(development, 'internal.example.fi')).address).toBe('10.20.30.40');
  });
});
