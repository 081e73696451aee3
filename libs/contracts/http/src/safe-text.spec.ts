import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { CreateActivityRequestDto } from './activity.dto';
import { CreateContactRequestDto } from './contact.dto';
import { ListOrganisationsQueryDto } from './list-organisations.query.dto';
import { RegisterOrganisationRequestDto } from './organisation.dto';
import {
  MULTI_LINE_TEXT_PATTERN,
  SINGLE_LINE_TEXT_PATTERN,
  WEB_ADDRESS,
  findUnsafeCharacter,
  isSafeText,
  normaliseText,
  type UnsafeCharacterKind,
} from './safe-text';

const NFD_NAME = 'Pudasja\u0308rven Kyla\u0308yhdistys ry'; // "ä" typed as "a" + combining diaeresis (macOS)
const NFC_NAME = 'Pudasjärven Kyläyhdistys ry';

/** Names and descriptions the register must take as they are. */
const GOOD: readonly [string, string][] = [
  ['Finnish', 'Pudasjärven Kyläyhdistys ry – Ähtäri, Öljymäki'],
  ['Swedish', 'Åbo Akademi: Närpes byaförening rf'],
  ['Northern Sámi', 'Sámediggi – Ohcejohka, Čeavccageađge, Ŋuorra, Šiellat, Ŧ, Ž'],
  ['Inari Sámi', 'Anarâškielâ servi, Aanaar'],
  ['Skolt Sámi', 'Sää´mjânnam, Če´vetjäu´rr'],
  ['Russian and Ukrainian', 'Клуб «Світанок», Рованиеми'],
  ['emoji with a zero-width joiner and a variation selector', 'Perhekahvila 👨‍👩‍👧 ☕️'],
  ['a flag made of regional indicators', 'Suomi 🇫🇮'],
  ['an emoji tag sequence (Scotland)', 'Pipes 🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
  ['Arabic with a right-to-left mark', 'مركز المجتمع\u200F Pudasjärvi'],
  ['Persian with a zero-width non-joiner', 'می\u200Cخواهم'],
  ['a no-break space and typographic quotes', 'Kylä\u00A0ry ”Toivo”'],
];

const BAD: readonly [string, string, UnsafeCharacterKind, number][] = [
  ['NUL', 'Kylä\u0000ry', 'control', 0x0000],
  ['TAB', 'Kylä\try', 'control', 0x0009],
  ['ESC (a terminal escape)', 'Kylä\u001B[31mry', 'control', 0x001b],
  ['DEL', 'Kylä\u007Fry', 'control', 0x007f],
  ['C1 U+0085 (next line)', 'Kylä\u0085ry', 'line-break', 0x0085],
  ['C1 U+009B (control sequence introducer)', 'Kylä\u009Bry', 'control', 0x009b],
  ['CR LF', 'Kylä ry\r\nBcc: x@example.fi', 'line-break', 0x000d],
  ['LF', 'Kylä ry\nBcc: x@example.fi', 'line-break', 0x000a],
  ['U+2028 line separator', 'Kylä\u2028ry', 'line-break', 0x2028],
  ['U+202E right-to-left override', 'Kylä\u202Eexe.fdp', 'bidi-control', 0x202e],
  ['U+202A left-to-right embedding', 'Kylä\u202Ary', 'bidi-control', 0x202a],
  ['U+2066 left-to-right isolate', 'Kylä\u2066ry\u2069', 'bidi-control', 0x2066],
  ['U+2069 pop directional isolate', 'Kylä\u2069ry', 'bidi-control', 0x2069],
  ['a lone high surrogate', 'Kylä\uD83Dry', 'unpaired-surrogate', 0xd83d],
  ['a lone high surrogate at the end', 'Kylä ry\uD83D', 'unpaired-surrogate', 0xd83d],
  ['a lone low surrogate', 'Kylä\uDE00ry', 'unpaired-surrogate', 0xde00],
  ['a low surrogate before its high one', 'Kylä\uDE00\uD83Dry', 'unpaired-surrogate', 0xde00],
];

describe('the character rules', () => {
  it.each(GOOD)('accept %s', (_what, text) => {
    expect(findUnsafeCharacter(text)).toBeUndefined();
    expect(findUnsafeCharacter(text, { multiLine: true })).toBeUndefined();
  });

  it.each(BAD)('refuse %s in a single-line text', (_what, text, kind, codePoint) => {
    expect(findUnsafeCharacter(text)).toEqual({ kind, codePoint, position: 5 + (text.startsWith('Kylä ry') ? 3 : 0) });
  });

  it('count the position in characters, an emoji being one', () => {
    expect(findUnsafeCharacter('😀😀\u0000')).toEqual({ kind: 'control', codePoint: 0, position: 3 });
  });

  it('allow line feeds, and nothing else of C0, in a multi-line text', () => {
    expect(isSafeText('Ensimmäinen rivi.\nToinen rivi.\n\nKolmas kappale.', { multiLine: true })).toBe(true);
    expect(isSafeText('Ensimmäinen rivi.\nToinen rivi.')).toBe(false);
    for (const [text, kind] of [
      ['rivi\trivi', 'control'],
      ['rivi\u0000', 'control'],
      ['rivi\r\nrivi', 'line-break'], // before normalisation: CR is stored as LF, never as CR
      ['rivi\u000Brivi', 'line-break'],
      ['rivi\u0085rivi', 'line-break'],
      ['rivi\u2029rivi', 'line-break'],
      ['rivi\u202Erivi', 'bidi-control'],
      ['rivi\uDC00', 'unpaired-surrogate'],
    ] as const) {
      expect(findUnsafeCharacter(text, { multiLine: true })?.kind).toBe(kind);
    }
  });

  it('normalise to NFC, and multi-line text to LF line breaks', () => {
    expect(NFD_NAME).not.toBe(NFC_NAME);
    expect(normaliseText(NFD_NAME)).toBe(NFC_NAME);
    expect(normaliseText('a\r\nb\rc\n', { multiLine: true })).toBe('a\nb\nc\n');
    expect(normaliseText('a\r\nb')).toBe('a\r\nb'); // single line: refused, not repaired
  });

  it('agree with the patterns published in the OpenAPI document, for every BMP character', () => {
    const single = new RegExp(SINGLE_LINE_TEXT_PATTERN);
    const multi = new RegExp(MULTI_LINE_TEXT_PATTERN);
    const disagreements: string[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      if (unit >= 0xd800 && unit <= 0xdfff) continue; // not expressible as a pattern; documented
      const text = `a${String.fromCharCode(unit)}b`;
      if (single.test(text) !== isSafeText(text)) disagreements.push(`single ${unit.toString(16)}`);
      // Multi-line accepts what it stores after normalisation (a CR becomes LF).
      if (multi.test(text) !== isSafeText(normaliseText(text, { multiLine: true }), { multiLine: true }))
        disagreements.push(`multi ${unit.toString(16)}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('agree with the web address pattern: no white space, nothing the safe-text rules refuse, for every BMP character', () => {
    const disagreements: string[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      if (unit >= 0xd800 && unit <= 0xdfff) continue;
      const text = `https://kyla.example.fi/${String.fromCharCode(unit)}`;
      if (WEB_ADDRESS.test(text) !== (isSafeText(text) && !/\s/.test(text))) disagreements.push(unit.toString(16));
    }
    expect(disagreements).toEqual([]);
    expect(WEB_ADDRESS.test('https://kylä.example.fi/tapahtumat?kieli=fi')).toBe(true);
    expect(WEB_ADDRESS.test('HTTPS://kyla.example.fi/')).toBe(false);
  });
});

/** "field: message" for every failed constraint, nested fields dotted (as the 422 shows them). */
function errorsOf(errors: readonly ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    return [...Object.values(e.constraints ?? {}).map((m) => `${field}: ${m}`), ...errorsOf(e.children ?? [], field)];
  });
}

function check<T extends object>(cls: new () => T, plain: Record<string, unknown>): { value: T; errors: string[] } {
  const value = plainToInstance(cls, plain);
  return { value, errors: errorsOf(validateSync(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true })) };
}

describe('text fields of the DTOs', () => {
  const organisation = { kind: 'association', name: { fi: 'Kelpo Kyläyhdistys ry' }, municipalities: ['615'] };

  it('store an NFD name as NFC, and keep the line feeds of a description (CR LF becomes LF)', () => {
    const { value, errors } = check(RegisterOrganisationRequestDto, {
      ...organisation,
      name: { fi: NFD_NAME, sv: 'A\u030Abo byaf\u00F6rening' },
      description: { fi: 'Ensimma\u0308inen rivi.\r\nToinen rivi.\n\nKolmas.' },
      postalAddress: { street: 'Kyla\u0308tie 1', postOffice: 'Pudasja\u0308rvi' },
    });
    expect(errors).toEqual([]);
    expect(value.name.fi).toBe(NFC_NAME);
    expect(value.name.sv).toBe('Åbo byaförening');
    expect(value.description?.fi).toBe('Ensimmäinen rivi.\nToinen rivi.\n\nKolmas.');
    expect(value.postalAddress).toEqual(expect.objectContaining({ street: 'Kylätie 1', postOffice: 'Pudasjärvi' }));
  });

  it.each(BAD)('refuse %s in name.fi, naming the field and the character', (_what, text, _kind, codePoint) => {
    const { errors } = check(RegisterOrganisationRequestDto, { ...organisation, name: { fi: text } });
    const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^name\\.fi: fi must .*\\(U\\+${hex} at character \\d+\\)$`))]);
  });

  it('refuse a TAB and a RLO in a description, not its line feeds', () => {
    expect(check(RegisterOrganisationRequestDto, { ...organisation, description: { fi: 'rivi\nrivi\tsarake' } }).errors).toEqual([
      'description.fi: fi must not contain control characters (U+0009 at character 10)',
    ]);
    expect(check(RegisterOrganisationRequestDto, { ...organisation, description: { sv: 'rad\n\u202Erad' } }).errors).toEqual([
      'description.sv: sv must not contain bidirectional override or isolate controls (U+202E at character 5)',
    ]);
  });

  it('refuse unsafe characters in e-mail addresses and URLs, which their formats let through', () => {
    expect(check(RegisterOrganisationRequestDto, { ...organisation, email: 'info\u202Etxt.exe@kyla.example.fi' }).errors).toEqual([
      'email: email must not contain bidirectional override or isolate controls (U+202E at character 5)',
    ]);
    // A web address's pattern (WEB_ADDRESS) refuses them too, so the document states it; the safe-text rule says which character.
    expect(check(RegisterOrganisationRequestDto, { ...organisation, website: 'https://kyla.example.fi/\u0000' }).errors).toEqual([
      'website: website must not contain control characters (U+0000 at character 25)',
      'website: website must be an http(s) URL',
    ]);
    expect(
      check(CreateActivityRequestDto, {
        organisationId: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f',
        name: { fi: 'Kahvila' },
        type: 'meeting-place',
        deliveryModes: ['remote'],
        municipalities: ['615'],
        contact: { website: 'https://kyla.example.fi/\u2066' },
      }).errors,
    ).toEqual([
      'contact.website: website must not contain bidirectional override or isolate controls (U+2066 at character 25)',
      'contact.website: contact.website must be an http(s) URL',
    ]);
  });

  it('answer an e-mail address with an unpaired surrogate with a 422, where validator.js would throw (a 500)', () => {
    const { errors } = check(CreateContactRequestDto, {
      name: 'Maija Mäkelä',
      email: 'maija\uD800@kyla.example.fi',
      language: 'fi',
      organisationId: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f',
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        'email: email must be an email',
        'email: email must be well-formed Unicode text, without unpaired surrogates (U+D800 at character 6)',
      ]),
    );
  });

  it('check and normalise each item of a list of texts', () => {
    const activity = {
      organisationId: 'org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f',
      name: { fi: 'Kahvila' },
      type: 'meeting-place',
      deliveryModes: ['remote'],
      municipalities: ['615'],
    };
    const good = check(CreateActivityRequestDto, { ...activity, villages: ['Sarakyla\u0308', 'Kurenalus'] });
    expect(good.errors).toEqual([]);
    expect(good.value.villages).toEqual(['Sarakylä', 'Kurenalus']);
    expect(check(CreateActivityRequestDto, { ...activity, villages: ['Sarakylä', 'Kuren\u202Ealus'] }).errors).toEqual([
      'villages: each value in villages must not contain bidirectional override or isolate controls (U+202E at character 6)',
    ]);
  });

  it('check and normalise search strings', () => {
    const { value, errors } = check(ListOrganisationsQueryDto, { q: 'kyla\u0308' });
    expect(errors).toEqual([]);
    expect(value.q).toBe('kylä');
    expect(check(ListOrganisationsQueryDto, { q: 'kylä\u0000' }).errors).toEqual([
      'q: q must not contain control characters (U+0000 at character 5)',
    ]);
  });

  it('leave null and non-strings to the other rules (PATCH null removes a field)', () => {
    const { errors } = check(RegisterOrganisationRequestDto, { ...organisation, name: { fi: 42 } });
    expect(errors).toEqual(expect.arrayContaining(['name.fi: fi must be a string']));
    expect(errors.some((e) => e.includes('control'))).toBe(false);
  });
});
