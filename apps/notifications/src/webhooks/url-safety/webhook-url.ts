import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { refusalOf } from './address-policy';

/** Resolves a host name to all its addresses (dns.lookup with `all: true`; replaceable in tests). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

/** A URL that must not be called; `message` is safe to show to the subscription's owner. */
export class UnsafeUrlError extends Error {
  readonly code = 'EWEBHOOKURL';
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeUrlError';
  }
}

export interface UrlPolicy {
  /** Development and tests only: plain http and private addresses (a receiver on localhost). */
  readonly allowPrivate: boolean;
  readonly resolve?: Resolver;
}

/** The host of a URL without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Why none of these addresses may be called: the first refused one, or an empty answer. */
function refusalOfAll(host: string, addresses: readonly string[]): string | undefined {
  if (addresses.length === 0) return `${host} does not resolve`;
  for (const address of addresses) {
    const reason = refusalOf(address);
    if (reason) return address === host ? `${host} is ${reason}` : `${host} resolves to ${address}, ${reason}`;
  }
  return undefined;
}

/**
 * The checks that need no DNS, made again right before every delivery: a valid URL, https (http
 * only with `allowPrivate`), no credentials, and, for an IP literal (which never passes through a
 * socket lookup), a public address. Host names are checked by guardedLookup when the socket connects.
 */
export function assertDeliverableUrl(raw: string, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError('url is not a valid URL');
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivate && url.protocol === 'http:')) throw new UnsafeUrlError('url must use https');
  if (url.username || url.password) throw new UnsafeUrlError('url must not contain credentials');
  const host = hostOf(url);
  if (!policy.allowPrivate && isIP(host)) {
    const refusal = refusalOfAll(host, [host]);
    if (refusal) throw new UnsafeUrlError(`url is not allowed: ${refusal}`);
  }
  return url;
}

/**
 * Checks a webhook URL when it is subscribed: assertDeliverableUrl, and a host name whose every
 * address is public. A host with one private address among public ones is refused as a whole (it
 * is misconfigured or trying something). A host that does not resolve is refused too: the endpoint
 * must exist to be subscribed. Throws UnsafeUrlError.
 */
export async function assertSafeWebhookUrl(raw: string, policy: UrlPolicy): Promise<URL> {
  const url = assertDeliverableUrl(raw, policy);
  const host = hostOf(url);
  if (policy.allowPrivate || isIP(host)) return url;
  let addresses: string[];
  try {
    addresses = (await (policy.resolve ?? systemResolver)(host)).map((a) => a.address);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UnsafeUrlError(`${host} cannot be resolved${code ? ` (${code})` : ''}`);
  }
  const refusal = refusalOfAll(host, addresses);
  if (refusal) throw new UnsafeUrlError(`url is not allowed: ${refusal}`);
  return url;
}

/**
 * The `lookup` for outgoing delivery sockets: resolves, refuses the connection unless every
 * address is public, and hands the checked addresses to the socket. Checking inside the connect
 * itself (not before it) leaves no window for DNS rebinding between check and use. IP literals do
 * not pass through a lookup; assertSafeWebhookUrl covers them before the request.
 */
export function guardedLookup(policy: UrlPolicy): LookupFunction {
  return (hostname, options: LookupOptions, callback) => {
    const resolve = policy.resolve ?? systemResolver;
    resolve(hostname).then(
      (found) => {
        const wanted = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        const refusal = policy.allowPrivate
          ? undefined
          : refusalOfAll(
              hostname,
              found.map((a) => a.address),
            );
        if (refusal) return callback(new UnsafeUrlError(`address refused: ${refusal}`), '', 0);
        const first = wanted[0];
        if (!first)
          return callback(
            Object.assign(new Error(`${hostname} has no address of family ${String(options.family)}`), { code: 'ENOTFOUND' }),
            '',
            0,
          );
        if (options.all) return callback(null, wanted);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
