import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsString,
  MaxLength,
  MinLength,
  ValidateBy,
  buildMessage,
  isEmail,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

/**
 * Text that is safe to store, show and put into an email: one validator (`isSafeText`) behind
 * every text field of the API, and the decorators that state a field in one line.
 *
 * Every text field is stored in Unicode NFC, so the same name typed on a Mac (NFD: "a" + U+0308)
 * and on Windows ("ä") is the same string for search, duplicates and CSV round trips.
 *
 * Refused in every text field, with a 422 naming the field:
 * - control characters: C0 (U+0000–U+001F, TAB included), DEL and C1 (U+007F–U+009F) — NUL ends
 *   strings in C libraries, CR LF splits email headers and log lines, ESC drives terminals;
 * - unpaired surrogates (half of a UTF-16 pair): not text; they cannot be encoded as UTF-8, so an
 *   email or a Kafka consumer in another language would choke or show U+FFFD;
 * - the bidirectional embedding, override and isolate controls U+202A–U+202E and U+2066–U+2069:
 *   they reorder what follows them, so "Kylä\u202Eexe.fdp" displays as "Kyläpdf.exe" (CVE-2021-42574
 *   "Trojan Source"); names never need them, the Unicode bidi algorithm orders Arabic or Hebrew on
 *   its own;
 * - line and paragraph separators U+2028 and U+2029.
 *
 * Allowed: the implicit direction marks U+200E, U+200F and U+061C (they only set the direction of
 * neighbouring punctuation, cannot reverse a run of letters, and mixed Arabic/Finnish text needs
 * them), the zero-width joiner and non-joiner U+200D/U+200C (emoji sequences such as 👨‍👩‍👧,
 * Persian and Indic scripts), variation selectors and emoji tag sequences (flags).
 *
 * Single-line fields (names, titles, search strings) allow no line break at all. Multi-line fields
 * (descriptions, notes) allow the line feed U+000A; CR LF and a lone CR are stored as LF (as
 * browsers do for a textarea), every other line break or control character is refused.
 */

export interface SafeTextOptions {
  /** Line feeds allowed (CR LF and CR become LF before validation). Default: single line. */
  readonly multiLine?: boolean;
}

export type UnsafeCharacterKind = 'control' | 'line-break' | 'bidi-control' | 'unpaired-surrogate';

export interface UnsafeCharacter {
  readonly kind: UnsafeCharacterKind;
  readonly codePoint: number;
  /** 1-based, counted in characters (code points), as a person counts them. */
  readonly position: number;
}

const LF = 0x0a;
const LINE_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029]);
const isControl = (unit: number) => unit <= 0x1f || (unit >= 0x7f && unit <= 0x9f);
const isBidiControl = (unit: number) => (unit >= 0x202a && unit <= 0x202e) || (unit >= 0x2066 && unit <= 0x2069);
const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

function classify(unit: number, multiLine: boolean): UnsafeCharacterKind | undefined {
  if (unit === LF) return multiLine ? undefined : 'line-break';
  if (LINE_BREAKS.has(unit)) return 'line-break';
  if (isControl(unit)) return 'control';
  if (isBidiControl(unit)) return 'bidi-control';
  return undefined;
}

/** The first character the rules refuse, or undefined when the text is safe. */
export function findUnsafeCharacter(text: string, options: SafeTextOptions = {}): UnsafeCharacter | undefined {
  const multiLine = options.multiLine ?? false;
  let position = 0;
  for (let i = 0; i < text.length; i++) {
    position++;
    const unit = text.charCodeAt(i);
    if (isHighSurrogate(unit) && isLowSurrogate(text.charCodeAt(i + 1))) {
      i++; // a well-formed pair: one astral character (an emoji, a historic script), always allowed
      continue;
    }
    if (isHighSurrogate(unit) || isLowSurrogate(unit)) return { kind: 'unpaired-surrogate', codePoint: unit, position };
    const kind = classify(unit, multiLine);
    if (kind) return { kind, codePoint: unit, position };
  }
  return undefined;
}

export const isSafeText = (value: unknown, options: SafeTextOptions = {}): boolean =>
  typeof value === 'string' && findUnsafeCharacter(value, options) === undefined;

/** What is stored: NFC, and for multi-line text LF as the only line break. */
export function normaliseText(text: string, options: SafeTextOptions = {}): string {
  return (options.multiLine ? text.replace(/\r\n?/g, '\n') : text).normalize('NFC');
}

const hex = (codePoint: number) => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

function describe(property: string, found: UnsafeCharacter, multiLine: boolean): string {
  const where = `(${hex(found.codePoint)} at character ${found.position})`;
  switch (found.kind) {
    case 'line-break':
      return multiLine
        ? `${property} may break lines only with a line feed (U+000A) ${where}`
        : `${property} must be a single line, without line breaks ${where}`;
    case 'control':
      return `${property} must not contain control characters ${where}`;
    case 'bidi-control':
      return `${property} must not contain bidirectional override or isolate controls ${where}`;
    case 'unpaired-surrogate':
      return `${property} must be well-formed Unicode text, without unpaired surrogates ${where}`;
  }
}

/** The class-validator constraint name; the DTO coverage spec looks for it. */
export const IS_SAFE_TEXT = 'isSafeText';

/**
 * The character rules alone (no normalisation, no length): for formats that validator.js checks
 * too loosely, such as URLs and e-mail addresses, which otherwise accept U+202E or NUL.
 */
export function IsSafeText(options: SafeTextOptions = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  const multiLine = options.multiLine ?? false;
  return ValidateBy(
    {
      name: IS_SAFE_TEXT,
      constraints: [{ multiLine }],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || isSafeText(value, { multiLine }),
        defaultMessage: (args?: ValidationArguments) => {
          const value: unknown = args?.value;
          const property = args?.property ?? 'value';
          const found = typeof value === 'string' ? findUnsafeCharacter(value, { multiLine }) : undefined;
          // With `each`, class-validator asks for the message of the array: name the first bad item.
          const item = Array.isArray(value)
            ? value.map((v: unknown) => (typeof v === 'string' ? findUnsafeCharacter(v, { multiLine }) : undefined)).find(Boolean)
            : undefined;
          const bad = found ?? item;
          const subject = Array.isArray(value) ? `each value in ${property}` : property;
          return bad ? describe(subject, bad, multiLine) : `${subject} must be safe text`;
        },
      },
    },
    validationOptions,
  );
}

/**
 * What a client may send, as an ECMA-262 pattern for the OpenAPI document (a generated client or a
 * property-based tester then knows the rules). Unpaired surrogates cannot be written as a pattern;
 * the description of the rules says so. A multi-line field accepts CR too: it is stored as LF.
 */
export const SINGLE_LINE_TEXT_PATTERN = String.raw`^[^\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]*$`;
export const MULTI_LINE_TEXT_PATTERN = String.raw`^[^\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]*$`;

/**
 * A web address (http or https): the scheme in lower case, then neither white space (as ECMAScript
 * `\s` has it) nor a character the safe-text rules refuse. A pattern, so the document states it and
 * a generated client or a property-based tester keeps to it; `@IsUrl` or `@IsSafeText` beside it
 * check what a pattern cannot (a real host name, unpaired surrogates).
 */
export const WEB_ADDRESS = new RegExp(
  String.raw`^https?://[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202A-\u202F\u205F\u2066-\u2069\u3000\uFEFF]+$`,
);

export interface TextFieldOptions {
  readonly maxLength: number;
  /** Default 0; 1 refuses the empty string. */
  readonly minLength?: number;
  /** An array of such texts (each item checked and normalised). */
  readonly each?: boolean;
}

function normaliser(options: SafeTextOptions) {
  const one = (v: unknown) => (typeof v === 'string' ? normaliseText(v, options) : v);
  return Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(one) : one(value)), { toClassOnly: true });
}

function textField(field: TextFieldOptions, multiLine: boolean): PropertyDecorator {
  const each = { each: field.each ?? false };
  const decorators: PropertyDecorator[] = [
    ApiProperty({
      maxLength: field.maxLength,
      ...(field.minLength ? { minLength: field.minLength } : {}),
      pattern: multiLine ? MULTI_LINE_TEXT_PATTERN : SINGLE_LINE_TEXT_PATTERN,
    }),
    normaliser({ multiLine }),
    IsString(each),
    ...(field.minLength ? [MinLength(field.minLength, each)] : []),
    MaxLength(field.maxLength, each),
    IsSafeText({ multiLine }, each),
  ];
  return (target, propertyKey) => decorators.forEach((decorate) => decorate(target, propertyKey));
}

/**
 * A one-line text (a name, a title, a search string): string, length (counted after NFC), stored
 * as NFC, no control characters, line breaks, bidi overrides or unpaired surrogates. Combine with
 * `@IsOptional()` and `@ApiProperty…({ example, description })`.
 */
export const SingleLineText = (options: TextFieldOptions): PropertyDecorator => textField(options, false);

/** A text of several lines (a description, notes): as SingleLineText, but line feeds are kept. */
export const MultiLineText = (options: TextFieldOptions): PropertyDecorator => textField(options, true);

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * validator.js's isEmail throws (a 500) on an unpaired surrogate; this one answers false. Same
 * constraint name and message as class-validator's @IsEmail.
 */
function IsEmailAddress(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEmail',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !UNPAIRED_SURROGATE.test(value) && isEmail(value),
        defaultMessage: buildMessage((eachPrefix) => `${eachPrefix}$property must be an email`, validationOptions),
      },
    },
    validationOptions,
  );
}

/** An e-mail address: the format, at most `maxLength` (254, RFC 5321), and the safe-text rules. */
export function EmailAddress(options: { maxLength?: number } = {}): PropertyDecorator {
  const decorators = [IsEmailAddress(), MaxLength(options.maxLength ?? 254), IsSafeText()];
  return (target, propertyKey) => decorators.forEach((decorate) => decorate(target, propertyKey));
}
