import { findMunicipality, type VocabularyTerm } from '@yp/contracts-reference';
import type { EmailLinks } from '@notifications/templates/email.types';
import { LANGUAGES, type Language } from '@notifications/vocabulary';

type Localised = { readonly fi: string; readonly sv?: string; readonly en?: string };

/** Text in the recipient's language, or the Finnish one (always present) when it is missing or blank. */
export function localised(text: Localised, language: Language): string {
  return text[language]?.trim() || text.fi;
}

/** Optional localised text (a description): undefined when there is none in any language. */
export function optionalLocalised(text: Partial<Record<Language, string>> | undefined, language: Language): string | undefined {
  if (!text) return undefined;
  return text[language]?.trim() || text.fi?.trim() || undefined;
}

const listFormats = new Map<Language, Intl.ListFormat>();

/** "Pudasjärvi, Kuusamo ja Ii" / "… och …" / "… and …". */
export function joinList(items: readonly string[], language: Language): string {
  let format = listFormats.get(language);
  if (!format) {
    format = new Intl.ListFormat(language, { type: 'conjunction' });
    listFormats.set(language, format);
  }
  return format.format(items);
}

/** Official names from the reference data; an unknown code is shown as the code, never dropped. */
export function municipalityNames(codes: readonly string[], language: Language): string {
  return joinList(
    codes.map((code) => findMunicipality(code)?.name ?? code),
    language,
  );
}

/** Labels of vocabulary codes (themes, life stages); unknown codes are shown as they are. */
export function vocabularyLabels(vocabulary: readonly VocabularyTerm[], codes: readonly string[], language: Language): string {
  return joinList(
    codes.map((code) => vocabulary.find((t) => t.code === code)?.label[language] ?? code),
    language,
  );
}

export const EXCERPT_LENGTH = 200;

/** The start of a description on one line, cut at a word boundary with an ellipsis. */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max).join('');
  const atWord = cut.lastIndexOf(' ') > max / 2 ? cut.slice(0, cut.lastIndexOf(' ')) : cut;
  return `${atWord.replace(/[\s.,;:!?–-]+$/u, '')}…`;
}

/**
 * A record in the register UI: `<registerBaseUrl>/<collection>/<id>`, the id URL-encoded; '' (the
 * templates then show no link) while no UI is configured.
 */
export function registerLink(links: EmailLinks, collection: 'organisations' | 'activities', id: string): string {
  if (!links.registerBaseUrl) return '';
  return `${links.registerBaseUrl.replace(/\/+$/, '')}/${collection}/${encodeURIComponent(id)}`;
}

/**
 * Localised text from a field the event schema does not declare (the envelope lets producers add
 * fields in place): only string values are taken, anything else reads as absent.
 */
export function readLocalised(value: unknown): Partial<Record<Language, string>> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const text: Partial<Record<Language, string>> = {};
  for (const language of LANGUAGES) {
    const candidate = (value as Record<string, unknown>)[language];
    if (typeof candidate === 'string') text[language] = candidate;
  }
  return text;
}
