import Handlebars from 'handlebars';
import { DEFAULT_LANGUAGE, type Language } from '@notifications/vocabulary';
import en from './locales/en.json';
import fi from './locales/fi.json';
import sv from './locales/sv.json';

/** A language's copy: nested groups of messages, addressed by dotted keys (`digest.subject`). */
export interface Messages {
  readonly [key: string]: string | Messages;
}

/** One file per language, so translators work on plain JSON with no markup in it. */
export const CATALOGUES: Readonly<Record<Language, Messages>> = Object.freeze({ fi, sv, en });

/**
 * Messages are small Handlebars templates (`Hei {{name}},`) rendered without escaping: the caller's
 * template escapes the finished sentence when it goes into HTML, and the text part takes it as is.
 * Strict, so a placeholder the caller does not pass fails in the tests instead of rendering blank.
 */
const messageEnvironment = Handlebars.create();
/** Compiled once per distinct message text. */
const compiled = new Map<string, HandlebarsTemplateDelegate>();
const pluralRules = new Map<Language, Intl.PluralRules>();

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

function pluralCategory(language: Language, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  return rules.select(count);
}

/**
 * The message for `key`: with a numeric `count`, the CLDR plural form first (`key_one`,
 * `key_other`, the i18next JSON convention that translation tools understand), then the plain key.
 */
function findMessage(language: Language, key: string, count: unknown): string | undefined {
  const messages = CATALOGUES[language];
  if (typeof count === 'number') {
    const plural = lookup(messages, `${key}_${pluralCategory(language, count)}`) ?? lookup(messages, `${key}_other`);
    if (plural !== undefined) return plural;
  }
  return lookup(messages, key);
}

/**
 * The message in `language`, falling back to Finnish for a key not yet translated. A key missing in
 * Finnish too is a bug in a template and throws.
 */
export function translate(language: Language, key: string, values: object = {}): string {
  const count = (values as { count?: unknown }).count;
  const message = findMessage(language, key, count) ?? findMessage(DEFAULT_LANGUAGE, key, count);
  if (message === undefined) throw new Error(`No message "${key}" in the ${language} or ${DEFAULT_LANGUAGE} catalogue`);
  let template = compiled.get(message);
  if (!template) {
    template = messageEnvironment.compile(message, { noEscape: true, strict: true });
    compiled.set(message, template);
  }
  return template(values);
}

/** Every dotted key of a catalogue (plural forms as written), for completeness checks. */
export function catalogueKeys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : catalogueKeys(value, `${prefix}${key}.`),
  );
}

/** A label for a code (`kinds.association`), or the code itself when no catalogue has one yet. */
export function label(language: Language, group: string, code: string): string {
  const key = `${group}.${code}`;
  return lookup(CATALOGUES[language], key) ?? lookup(CATALOGUES[DEFAULT_LANGUAGE], key) ?? code;
}
