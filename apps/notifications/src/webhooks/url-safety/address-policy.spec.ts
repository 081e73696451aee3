import { embeddedIpv4, ipv6Words, refusalOf } from './address-policy';

describe('address policy: where a webhook may be delivered', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['::1', /loopback/],
    ['[::1]', /loopback/],
    ['10.0.0.1', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.10', /private/],
    ['fc00::1', /unique local/],
    ['fd12:3456:789a::1', /unique local/],
    ['169.254.169.254', /link-local/],
    ['fe80::1', /link-local/],
    ['fe80::1%eth0', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.255', /carrier-grade NAT/],
    ['0.0.0.0', /this network/],
    ['0.1.2.3', /this network/],
    ['::', /unspecified/],
    ['::ffff:127.0.0.1', /IPv4-mapped/],
    ['::ffff:10.0.0.1', /IPv4-mapped/],
    ['::ffff:8.8.8.8', /IPv4-mapped/],
    ['::ffff:7f00:1', /IPv4-mapped/],
    ['::127.0.0.1', /IPv4-compatible/],
    ['64:ff9b::10.0.0.1', /private.*embedded/],
    ['64:ff9b::7f00:1', /loopback.*embedded/],
    ['2002:a9fe:a9fe::1', /link-local.*embedded/],
    ['224.0.0.251', /multicast/],
    ['ff02::fb', /multicast/],
    ['255.255.255.255', /reserved/],
    ['198.18.0.1', /benchmarking/],
    ['not-an-address', /not an IP address/],
  ])('refuses %s', (address, reason) => {
    expect(refusalOf(address)).toMatch(reason);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '193.166.3.2',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.169.0.1',
    '2001:4860:4860::8888',
    '2a00:1450:4010:c05::64',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '203.0.113.10',
    '2001:db8::1',
  ])('allows the public address %s', (address) => {
    expect(refusalOf(address)).toBeUndefined();
  });

  it('reads IPv6 addresses into their eight words', () => {
    expect(ipv6Words('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Words('2001:db8::8:800:200c:417a')).toEqual([0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a]);
    expect(ipv6Words('64:ff9b::192.0.2.33')).toEqual([0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x221]);
    expect(ipv6Words('10.0.0.1')).toBeUndefined();
  });

  it('finds the IPv4 address inside NAT64 and 6to4 addresses only', () => {
    expect(embeddedIpv4('64:ff9b::c000:221')).toBe('192.0.2.33');
    expect(embeddedIpv4('2002:c000:221::1')).toBe('192.0.2.33');
    expect(embeddedIpv4('2001:4860:4860::8888')).toBeUndefined();
  });
});
