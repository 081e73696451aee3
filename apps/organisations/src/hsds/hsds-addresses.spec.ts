import { emailOf, uriOf } from './hsds-addresses';

/** RFC 3986's URI, as ajv-formats and Schemathesis check `format: uri` (ASCII only, every part). */
const URI =
  /^[a-z][a-z0-9+.-]*:\/\/(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@?(?:\[[0-9a-f:.]+\]|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;

describe('uriOf: a web address as HSDS wants it', () => {
  it.each([
    ['https://kylayhdistys.example.fi', 'https://kylayhdistys.example.fi'],
    ['https://Kylä.Example.fi?kieli=fi', 'https://xn--kyl-sla.example.fi?kieli=fi'],
    ['http://www.pudasjarvi.fi/yhdistykset/', 'http://www.pudasjarvi.fi/yhdistykset/'],
    ['https://kylä.example.fi/tapahtumat?kieli=fi', 'https://xn--kyl-sla.example.fi/tapahtumat?kieli=fi'],
    ['https://example.fi/kylä/tapahtumat?hae=kylä#ohjelma', 'https://example.fi/kyl%C3%A4/tapahtumat?hae=kyl%C3%A4#ohjelma'],
    ['https://example.fi/a|b^c[d]?e=[f]#g#h', 'https://example.fi/a%7Cb%5Ec%5Bd%5D?e=%5Bf%5D#g%23h'],
    ['https://example.fi/100%/ale%20kesä', 'https://example.fi/100%25/ale%20kes%C3%A4'],
    ['https://käyttäjä:sala@example.fi:8443/', 'https://k%C3%A4ytt%C3%A4j%C3%A4:sala@example.fi:8443/'],
  ])('%s → %s', (address, uri) => {
    expect(uriOf(address)).toBe(uri);
    expect(uri).toMatch(URI);
  });

  it.each(['not a url', 'ftp://example.fi/', 'https://', 'https://a{b}.fi/'])('leaves out %j', (address) => {
    expect(uriOf(address)).toBeUndefined();
  });
});

describe('emailOf: an e-mail address as HSDS wants it', () => {
  it.each([
    ['info@kylayhdistys.example.fi', 'info@kylayhdistys.example.fi'],
    ['info@kylä.example.fi', 'info@xn--kyl-sla.example.fi'],
    ['maija.makela@Ääkkönen.FI', 'maija.makela@xn--kknen-fraa0m.fi'],
    ["o'neil+kerho@example.fi", "o'neil+kerho@example.fi"],
  ])('%s → %s', (address, ascii) => {
    expect(emailOf(address)).toBe(ascii);
  });

  it.each(['mäijä@example.fi', 'no-at-sign', '@example.fi'])('leaves out %j', (address) => {
    expect(emailOf(address)).toBeUndefined();
  });
});
