import 'reflect-metadata';
import { Type, plainToInstance, type ClassConstructor } from 'class-transformer';
import {
  IS_ARRAY,
  IS_BOOLEAN,
  IS_DATE,
  IS_EMAIL,
  IS_ENUM,
  IS_IN,
  IS_INT,
  IS_ISO8601,
  IS_NUMBER,
  IS_OBJECT,
  IS_URL,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  MATCHES,
  Matches,
  MaxLength,
  ValidateNested,
  getMetadataStorage,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import * as contracts from './index';
import { IS_SAFE_TEXT, SingleLineText, isSafeText } from './safe-text';

/**
 * Every string a client can send through a DTO of this library must either pass the safe-text
 * rules (`isSafeText`, which SingleLineText, MultiLineText and EmailAddress carry) or a closed
 * format that cannot hold a control character, a bidi control or an unpaired surrogate: an enum,
 * an anchored ASCII pattern, an ISO 8601 date, a business ID, a municipality code. A new field
 * written with a bare @IsString() fails here.
 */

/** Passwords are hashed, never shown or emailed; refusing characters there would lock people out. */
const EXEMPT: Readonly<Record<string, string>> = {
  'TokenRequestDto.password': 'a password: hashed, never shown',
  'ChangePasswordRequestDto.currentPassword': 'a password: hashed, never shown',
  'ChangePasswordRequestDto.newPassword': 'a password: hashed, never shown',
  'CreateUserRequestDto.password': 'a password: hashed, never shown',
};

/** Constraints under which a value can never be a string. */
const NOT_A_STRING = new Set([IS_INT, IS_NUMBER, IS_BOOLEAN, IS_OBJECT, IS_DATE]);
/** Closed string formats: validated by code that admits only ASCII digits, letters and punctuation, or a fixed list. */
const CLOSED_FORMATS = new Set([IS_ENUM, IS_ISO8601, 'isFinnishBusinessId', 'isMunicipalityCode']);

/**
 * An anchored pattern of printable ASCII only: no `.`, no negated class, no `\S`/`\W`/`\D`/`\s`,
 * no `\u`/`\x`/`\p` escapes, no top-level alternation, no multiline flag. Conservative: a pattern
 * that fails this needs @IsSafeText beside it.
 */
function isClosedPattern(pattern: RegExp): boolean {
  const source = pattern.source;
  if (pattern.flags.includes('m') || !source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$')) return false;
  let depth = 0;
  let inClass = false;
  for (let i = 1; i < source.length - 1; i++) {
    const c = source.charAt(i);
    const code = c.charCodeAt(0);
    if (code < 0x20 || code > 0x7e) return false;
    if (c === '\\') {
      const next = source.charAt(++i);
      if (!/^[dwb]$/.test(next) && !/^[\\^$.|?*+()[\]{}/\-:,=!<>]$/.test(next)) return false;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      if (source.charAt(i + 1) === '^') return false;
      inClass = true;
    } else if (c === '.') return false;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return false;
  }
  return !inClass && depth === 0;
}

type Class = ClassConstructor<object>;

const storage = getMetadataStorage();
const metadataOf = (cls: Class): ValidationMetadata[] => storage.getTargetValidationMetadatas(cls, '', true, false);
const constraintName = (m: ValidationMetadata): string => m.name ?? m.type;

interface Finding {
  readonly field: string;
  readonly problem: string;
}

interface Coverage {
  /** Class.property of every string-bearing field and what covers it. */
  readonly covered: ReadonlyMap<string, 'safe-text' | 'closed-format' | 'exempt'>;
  readonly findings: readonly Finding[];
}

function coversScope(scope: readonly ValidationMetadata[]): 'not-a-string' | 'safe-text' | 'closed-format' | undefined {
  const names = scope.map(constraintName);
  if (names.some((n) => NOT_A_STRING.has(n)) || scope.some((m) => m.type === 'nestedValidation')) return 'not-a-string';
  if (names.includes(IS_SAFE_TEXT)) return 'safe-text';
  const closed = scope.some((m) => {
    const name = constraintName(m);
    if (name === MATCHES) return m.constraints[0] instanceof RegExp && isClosedPattern(m.constraints[0]);
    if (name === IS_IN) return Array.isArray(m.constraints[0]) && (m.constraints[0] as unknown[]).every((v) => isSafeText(v));
    return CLOSED_FORMATS.has(name);
  });
  return closed ? 'closed-format' : undefined;
}

/** A text field must also store NFC: the normalising transform is part of SingleLineText/MultiLineText. */
function normalises(cls: Class, property: string, each: boolean): boolean {
  const nfd = 'a\u0308';
  const value = (plainToInstance(cls, { [property]: each ? [nfd] : nfd }) as Record<string, unknown>)[property];
  return JSON.stringify(value) === JSON.stringify(each ? ['ä'] : 'ä');
}

/** The classes reached through @ValidateNested/@Type (what plainToInstance builds for a nested object). */
function nestedClasses(cls: Class, property: string): Class[] {
  const built = (plainToInstance(cls, { [property]: {} }) as Record<string, unknown>)[property];
  const builtArray = (plainToInstance(cls, { [property]: [{}] }) as Record<string, unknown>)[property];
  const items: unknown[] = [built, ...(Array.isArray(builtArray) ? (builtArray as unknown[]) : [])];
  return items.flatMap((v) => (v instanceof Object && v.constructor !== Object ? [v.constructor as Class] : []));
}

function checkTextCoverage(roots: readonly Class[]): Coverage {
  const covered = new Map<string, 'safe-text' | 'closed-format' | 'exempt'>();
  const findings: Finding[] = [];
  const seen = new Set<Class>();
  const queue = [...roots];
  for (let cls = queue.shift(); cls; cls = queue.shift()) {
    if (seen.has(cls)) continue;
    seen.add(cls);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const m of metadataOf(cls)) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
    for (const [property, all] of byProperty) {
      const field = `${cls.name}.${property}`;
      const constraints = all.filter(
        (m) => m.type !== 'conditionalValidation' && m.type !== 'isDefined' && m.type !== 'whitelistValidation',
      );
      if (all.some((m) => m.type === 'nestedValidation')) queue.push(...nestedClasses(cls, property));
      // An array: the value must be an array (not a string), and its items are what `each` rules check.
      const isArray = constraints.some((m) => constraintName(m) === IS_ARRAY && !m.each);
      const scope = isArray ? constraints.filter((m) => m.each) : constraints;
      const verdict = coversScope(scope);
      if (verdict === 'not-a-string') continue;
      if (EXEMPT[field]) {
        covered.set(field, 'exempt');
        continue;
      }
      if (!verdict) {
        findings.push({
          field,
          problem: `a string with neither the safe-text rules nor a closed format (has: ${scope.map(constraintName).join(', ') || 'nothing'})`,
        });
        continue;
      }
      covered.set(field, verdict);
      const formats = scope.map(constraintName).filter((n) => [IS_EMAIL, IS_URL, MATCHES].includes(n));
      if (verdict === 'safe-text' && formats.length === 0 && !normalises(cls, property, isArray)) {
        findings.push({ field, problem: 'a text without the NFC transform: use SingleLineText or MultiLineText' });
      }
    }
  }
  return { covered, findings };
}

const exported = Object.entries(contracts).flatMap(([name, value]) =>
  typeof value === 'function' && /^[A-Z]/.test(name) ? [value as Class] : [],
);
const inputs = exported.filter((cls) => metadataOf(cls).length > 0);

describe('every text field of every request and query DTO', () => {
  it('finds the request and query DTOs (none without validation rules)', () => {
    const named = exported.filter((cls) => /(Request|Query)Dto$/.test(cls.name));
    expect(named.length).toBeGreaterThanOrEqual(25);
    expect(named.filter((cls) => metadataOf(cls).length === 0).map((cls) => cls.name)).toEqual([]);
  });

  it('has the safe-text rules or a closed format', () => {
    const { covered, findings } = checkTextCoverage(inputs);
    expect(findings).toEqual([]);
    const count = (kind: string) => [...covered.values()].filter((v) => v === kind).length;
    // Fields are counted per class (an inherited one again in each subclass): 37 safe-text, 124
    // closed formats and 4 passwords when this was written. Fewer means the walk lost its way.
    expect(count('safe-text')).toBeGreaterThanOrEqual(37);
    expect(count('closed-format')).toBeGreaterThanOrEqual(120);
    expect(count('exempt')).toBe(Object.keys(EXEMPT).length);
  });

  it('walks nested DTOs too (names, descriptions, addresses, schedules)', () => {
    const { covered } = checkTextCoverage([contracts.CreateActivityRequestDto]);
    expect([...covered.keys()]).toEqual(
      expect.arrayContaining([
        'LocalisedNameDto.fi',
        'LocalisedDescriptionDto.en',
        'PostalAddressDto.street',
        'WeeklyOpeningDto.opens',
        'ActivityContactDto.website',
        'CreateActivityRequestDto.villages',
      ]),
    );
  });
});

describe('the coverage check itself', () => {
  class Address {
    @IsString() @MaxLength(100) street!: string;
  }
  class Probe {
    @IsString() @MaxLength(200) bare!: string;
    @IsOptional() unchecked?: string;
    @IsEmail() email!: string;
    @IsString() @Matches(/^https?:\/\/\S+$/) website!: string;
    @IsString() @Matches(/^[a-z]+$|^.*$/) alternation!: string;
    @IsArray() @IsString({ each: true }) tags!: string[];
    @IsIn(['ok', 'bad\u202E']) unsafeEnum!: string;
    @ValidateNested() @Type(() => Address) address!: Address;
    @IsSafeTextWithoutTransform() unnormalised!: string;
    // Covered:
    @SingleLineText({ maxLength: 10 }) name!: string;
    @IsString() @Matches(/^org_[a-f0-9]{32}$/) id!: string;
    @IsArray() @IsIn(['a', 'b'], { each: true }) codes!: string[];
  }

  it('fails a probe class with uncovered strings, and names each', () => {
    const { covered, findings } = checkTextCoverage([Probe]);
    expect(findings.map((f) => f.field).sort()).toEqual(
      [
        'Address.street',
        'Probe.alternation',
        'Probe.bare',
        'Probe.email',
        'Probe.tags',
        'Probe.unchecked',
        'Probe.unnormalised',
        'Probe.unsafeEnum',
        'Probe.website',
      ].sort(),
    );
    expect([...covered.keys()]).toEqual(expect.arrayContaining(['Probe.name', 'Probe.id', 'Probe.codes']));
  });

  it.each([
    [/^[0-9]{5}$/, true],
    [/^\+?[0-9 ()-]{5,30}$/, true],
    [/^(user|key|anonymous)(:[A-Za-z0-9_-]{1,64})?$/, true],
    [/^[0-9]{5}$/m, false],
    [/^[0-9]{5}/, false],
    [/^[^<>]+$/, false],
    [/^\S+$/, false],
    [/^.+$/, false],
    [/^a|b$/, false],
    [/^[\u0020-\u00ff]+$/, false],
    [/^\p{L}+$/u, false],
  ])('judges %s closed: %s', (pattern, closed) => expect(isClosedPattern(pattern)).toBe(closed));
});

/** The rule without SingleLineText's NFC transform: the probe's "forgot to normalise" case. */
function IsSafeTextWithoutTransform(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    contracts.IsSafeText()(target, key);
  };
}
