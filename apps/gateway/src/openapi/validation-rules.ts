import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import * as httpContracts from '@yp/contracts-http';
import { MUNICIPALITIES } from '@yp/contracts-reference';

/**
 * The OpenAPI document states the rules the server enforces because it reads them from the same
 * place the server does: the class-validator decorators of the HTTP contracts. Before the document
 * is built, each rule a JSON Schema keyword can state (lengths, bounds, item counts, allowed values,
 * patterns, email, a URL's scheme, an ISO 8601 date's year) is written into the property's Swagger
 * metadata, replacing what `@ApiProperty` says where the two differ. Rules no schema can state (a
 * check digit, one field compared with another, a record that must exist) are stated in words
 * (docs/api-conventions.md) and answer 422.
 */

// Where @nestjs/swagger keeps what @ApiProperty declared (its DECORATORS constants, not exported
// by the package); validation-rules.spec.ts builds a document to prove they are still read.
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
const API_MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';

type Schema = Record<string, unknown>;
type Class = abstract new (...args: never[]) => unknown;

/** The parts of class-validator's metadata read here (its `ValidationMetadata`). */
interface Rule {
  readonly name?: string;
  readonly propertyName: string;
  readonly constraints?: readonly unknown[];
  readonly each?: boolean;
}

const MUNICIPALITY_CODES = MUNICIPALITIES.map((m) => m.code);

/**
 * `@IsISO8601({ strict: true })` refuses years 0000–0099 (validator.js compares with a Date built
 * from the unpadded year), which RFC 3339 allows: the document says years start at 0100.
 */
const ISO_YEAR = '(?:[1-9][0-9]{3}|0[1-9][0-9]{2})';
const FOUR_DIGIT_YEAR = /^\^(?:\\d|\[0-9\])\{4\}/;

function isStrictIso8601(rule: Rule): boolean {
  const [options] = rule.constraints ?? [];
  return rule.name === 'isIso8601' && typeof options === 'object' && options !== null && (options as { strict?: unknown }).strict === true;
}

/** The ISO 8601 year rule joined with the property's own pattern, if it has one that begins with four digits. */
function withIsoYear(keywords: Schema): Schema {
  const pattern = keywords.pattern;
  if (typeof pattern !== 'string') return { ...keywords, pattern: `^${ISO_YEAR}-` };
  return FOUR_DIGIT_YEAR.test(pattern) ? { ...keywords, pattern: pattern.replace(FOUR_DIGIT_YEAR, `^${ISO_YEAR}`) } : keywords;
}

/** The JSON Schema keywords stating a rule, by the rule's name; rules not listed are not stated by a schema. */
const KEYWORDS: Readonly<Record<string, (first: unknown) => Schema | undefined>> = {
  minLength: (n) => ({ minLength: n }),
  maxLength: (n) => ({ maxLength: n }),
  min: (n) => ({ minimum: n }),
  max: (n) => ({ maximum: n }),
  arrayMinSize: (n) => ({ minItems: n }),
  arrayMaxSize: (n) => ({ maxItems: n }),
  arrayUnique: () => ({ uniqueItems: true }),
  isIn: (values) => (Array.isArray(values) ? { enum: [...(values as unknown[])] } : undefined),
  isEmail: () => ({ format: 'email' }),
  isMunicipalityCode: () => ({ enum: MUNICIPALITY_CODES }),
  // The check digit is stated in words; the schema states the shape.
  isFinnishBusinessId: () => ({ pattern: '^[0-9]{7}-[0-9]$' }),
  // A pattern with flags (e.g. case-insensitive) says something a JSON Schema pattern cannot.
  matches: (regex) => (regex instanceof RegExp && regex.flags.replace(/[gu]/g, '') === '' ? { pattern: regex.source } : undefined),
  isUrl: (options) => {
    // The scheme; that the host is a real domain name is stated in words (and checked: 422).
    const { protocols, require_protocol: required } = (options ?? {}) as { protocols?: unknown; require_protocol?: unknown };
    const schemes = Array.isArray(protocols) ? (protocols as unknown[]).filter((p): p is string => typeof p === 'string') : [];
    return required === true && schemes.length > 0 ? { pattern: `^(${schemes.join('|')})://` } : undefined;
  },
};

function keywordsOf(rule: Rule): Schema | undefined {
  const make = rule.name !== undefined && Object.hasOwn(KEYWORDS, rule.name) ? KEYWORDS[rule.name] : undefined;
  return make?.(rule.constraints?.[0]);
}

/** Every class of the HTTP contracts that class-validator checks: the request bodies and query strings. */
export function validatedClasses(): Class[] {
  const storage = getMetadataStorage();
  return (Object.values(httpContracts) as unknown[]).filter(
    (value): value is Class =>
      typeof value === 'function' &&
      value.prototype !== undefined &&
      storage.getTargetValidationMetadatas(value, '', true, false).length > 0,
  );
}

/** The keywords each property's rules add: on the property itself, and on its items for rules applied to each element. */
export function rulesOf(cls: Class): Map<string, { own: Schema; items: Schema }> {
  const byProperty = new Map<string, { own: Schema; items: Schema }>();
  const isoYears = new Set<string>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false) as Rule[]) {
    const entry = byProperty.get(rule.propertyName) ?? { own: {}, items: {} };
    byProperty.set(rule.propertyName, entry);
    if (isStrictIso8601(rule)) isoYears.add(rule.propertyName);
    const keywords = keywordsOf(rule);
    const target = rule.each ? entry.items : entry.own;
    // A property's own @Matches says more than the scheme an @IsUrl requires.
    if (keywords && !(rule.name === 'isUrl' && 'pattern' in target)) Object.assign(target, keywords);
  }
  for (const property of isoYears) {
    const entry = byProperty.get(property);
    if (entry) entry.own = withIsoYear(entry.own);
  }
  for (const [property, entry] of byProperty)
    if (Object.keys(entry.own).length + Object.keys(entry.items).length === 0) byProperty.delete(property);
  return byProperty;
}

const PRIMITIVES = new Map<unknown, string>([
  [String, 'string'],
  [Number, 'number'],
  [Boolean, 'boolean'],
]);

/** The item schema an array property already has: its `items`, or the one Nest would make from `type` (`[String]`). */
function itemsOf(existing: Schema): Schema {
  if (existing.items && typeof existing.items === 'object') return existing.items as Schema;
  const type =
    PRIMITIVES.get(existing.type) ?? (typeof existing.type === 'string' && existing.type !== 'array' ? existing.type : undefined);
  return type ? { type } : {};
}

/** Writes the rules into the Swagger metadata of every documented property of these classes. */
export function documentValidationRules(classes: readonly Class[] = validatedClasses()): void {
  for (const cls of classes) {
    const prototype = cls.prototype as object;
    const documented = new Set(
      ((Reflect.getMetadata(API_MODEL_PROPERTIES_ARRAY, prototype) as string[] | undefined) ?? []).map((key) => key.slice(1)),
    );
    for (const [property, { own, items }] of rulesOf(cls)) {
      if (!documented.has(property)) continue;
      const existing = (Reflect.getMetadata(API_MODEL_PROPERTIES, prototype, property) as Schema | undefined) ?? {};
      // A query flag documented as a boolean is checked as the text 'true' or 'false': the type says it.
      const isBoolean = existing.type === Boolean || existing.type === 'boolean';
      const merged: Schema = { ...existing, ...(isBoolean ? { ...own, enum: undefined } : own) };
      if (merged.enum === undefined) delete merged.enum;
      if (Object.keys(items).length > 0) merged.items = { ...itemsOf(existing), ...items };
      Reflect.defineMetadata(API_MODEL_PROPERTIES, merged, prototype, property);
    }
  }
}

/** The names the document gives the validated classes' schemas (Nest names a schema after its class). */
export function validatedSchemaNames(classes: readonly Class[] = validatedClasses()): Set<string> {
  return new Set(classes.map((cls) => cls.name));
}
