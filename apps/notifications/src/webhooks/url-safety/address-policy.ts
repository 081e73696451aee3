import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Which IP addresses a webhook may be delivered to: public unicast only. Anything that reaches the
 * machine itself, the cluster or the local network is refused, so that a subscription cannot make
 * this service call its neighbours (SSRF). Node's own BlockList does the matching. IPv4-mapped
 * IPv6 addresses (`::ffff:10.0.0.1`) are refused whatever they map to.
 *
 * The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) are
 * deliberately not refused: nothing answers there, and tests and examples need an address that
 * passes without DNS.
 */
const IPV4_REFUSED: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, '"this network" (0.0.0.0/8)'],
  ['10.0.0.0', 8, 'private (RFC 1918)'],
  ['100.64.0.0', 10, 'shared carrier-grade NAT (100.64.0.0/10)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata lives here)'],
  ['172.16.0.0', 12, 'private (RFC 1918)'],
  ['192.0.0.0', 24, 'IETF protocol assignments (192.0.0.0/24)'],
  ['192.168.0.0', 16, 'private (RFC 1918)'],
  ['198.18.0.0', 15, 'benchmarking (198.18.0.0/15)'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved (240.0.0.0/4, broadcast included)'],
];

const IPV6_REFUSED: readonly (readonly [string, number, string])[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::ffff:0:0', 96, 'IPv4-mapped'],
  ['::', 96, 'IPv4-compatible (deprecated)'],
  ['64:ff9b:1::', 48, 'local-use NAT64 (64:ff9b:1::/48)'],
  ['100::', 64, 'discard-only (100::/64)'],
  ['2001::', 32, 'Teredo tunnelling'],
  ['fc00::', 7, 'unique local (ULA, fc00::/7)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local (deprecated)'],
  ['ff00::', 8, 'multicast'],
];

interface Rule {
  readonly list: BlockList;
  readonly reason: string;
}

// One list per family: a BlockList also matches IPv4 addresses against IPv6 rules (as mapped
// addresses), so ::ffff:0:0/96 in the same list would refuse every IPv4 address.
const rules: Readonly<Record<'ipv4' | 'ipv6', Rule[]>> = {
  ipv4: IPV4_REFUSED.map(([network, prefix, reason]) => rule(network, prefix, 'ipv4', reason)),
  ipv6: IPV6_REFUSED.map(([network, prefix, reason]) => rule(network, prefix, 'ipv6', reason)),
};

function rule(network: string, prefix: number, family: 'ipv4' | 'ipv6', reason: string): Rule {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, reason };
}

/**
 * Why this address must not be called, or undefined when it is a public address. Addresses that
 * embed an IPv4 address (NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the embedded one.
 */
export function refusalOf(address: string): string | undefined {
  const plain = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIPv4(plain) ? 'ipv4' : isIPv6(plain) ? 'ipv6' : undefined;
  if (!family) return 'not an IP address';
  const matched = rules[family].find((r) => r.list.check(plain, family));
  if (matched) return matched.reason;
  if (family === 'ipv6') {
    const embedded = embeddedIpv4(plain);
    if (embedded) {
      const inner = refusalOf(embedded);
      if (inner) return `${inner}, embedded in ${plain}`;
    }
  }
  return undefined;
}

/** The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address, if it is one. */
export function embeddedIpv4(address: string): string | undefined {
  const words = ipv6Words(address);
  if (!words) return undefined;
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  if (words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0)) return quad(words[6] ?? 0, words[7] ?? 0);
  if (words[0] === 0x2002) return quad(words[1] ?? 0, words[2] ?? 0);
  return undefined;
}

/** The eight 16-bit words of an IPv6 address (`::` expanded, a trailing dotted quad converted). */
export function ipv6Words(address: string): number[] | undefined {
  if (!isIPv6(address)) return undefined;
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((w) => parseInt(w, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<number>(Math.max(0, missing)).fill(0), ...right];
}
