import { domainToASCII } from 'node:url';

/**
 * Web and e-mail addresses as HSDS wants them: ASCII, a URI (RFC 3986, `format: uri`) and an
 * address of RFC 5321 (`format: email`). The register keeps an address as it was entered —
 * `https://kylä.example.fi/tapahtumat` (an IRI) and `info@kylä.example.fi` are what people type and
 * read — and the export writes the same address in ASCII: the host in punycode
 * (`xn--kyl-sla.example.fi`, by the WHATWG URL rules), and, in a web address, everything else a URI
 * may not hold percent-encoded as UTF-8. Both name the same resource, so nothing is lost. An
 * address that has no ASCII form (not an http(s) URL; an e-mail address whose local part is not
 * ASCII) is left out, as HSDS allows, rather than exported broken.
 */

/** RFC 3986's characters beside `%XX`: a path segment's (`pchar`), and userinfo's. */
const PCHAR = "A-Za-z0-9\\-._~!$&'()*+,;=:@";
const PATH = new RegExp(`[${PCHAR}/]`);
const QUERY_OR_FRAGMENT = new RegExp(`[${PCHAR}/?]`);
const USERINFO = /[A-Za-z0-9\-._~!$&'()*+,;=]/;
/** A host RFC 3986 takes: a registered name of these characters, or an IPv6 literal. */
const HOST = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]+|\[[0-9A-Fa-f:.]+\])$/;

/** An address with nothing after its host but a query or a fragment. */
const NO_PATH = /^https?:\/\/[^/?#]*(?:[?#]|$)/i;

/** Percent-encodes what the part may not contain, keeping the `%XX` escapes already there. */
function encode(text: string, allowed: RegExp): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const escape = c === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3));
    out += escape || allowed.test(c) ? c : encodeURIComponent(c);
  }
  return out;
}

/** The address as a URI, or undefined when it is not an http(s) address. */
export function uriOf(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !HOST.test(url.hostname)) return undefined;
  // The WHATWG URL parser has put the host into punycode and percent-encoded all that is not ASCII.
  const password = url.password ? `:${encode(url.password, USERINFO)}` : '';
  const user = url.username || url.password ? `${encode(url.username, USERINFO)}${password}@` : '';
  const query = url.search ? `?${encode(url.search.slice(1), QUERY_OR_FRAGMENT)}` : '';
  const fragment = url.hash ? `#${encode(url.hash.slice(1), QUERY_OR_FRAGMENT)}` : '';
  // `https://example.fi` stays without the `/` the parser adds (the same resource, as entered).
  const path = NO_PATH.test(address) ? '' : encode(url.pathname, PATH);
  return `${url.protocol}//${user}${url.host}${path}${query}${fragment}`;
}

/** The e-mail address with its domain in punycode, or undefined when its local part is not ASCII. */
export function emailOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = domainToASCII(address.slice(at + 1));
  return at > 0 && domain !== '' && /^[\x20-\x7e]+$/.test(local) ? `${local}@${domain}` : undefined;
}
