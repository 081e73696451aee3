/**
 * Controlled vocabularies of the register, with labels in Finnish, Swedish and English. Codes are
 * part of the public API and the events: add freely, never rename or remove one.
 */
export interface VocabularyTerm {
  readonly code: string;
  readonly label: { readonly fi: string; readonly sv: string; readonly en: string };
}

const term = (code: string, fi: string, sv: string, en: string): VocabularyTerm =>
  Object.freeze({ code, label: Object.freeze({ fi, sv, en }) });

/** What an organisation or activity is about: the four parts of arjen turva and what they cover. */
export const THEMES: readonly VocabularyTerm[] = Object.freeze([
  term('livelihood', 'Toimeentulo', 'Försörjning', 'Livelihood'),
  term('employment', 'Työllisyys', 'Sysselsättning', 'Employment'),
  term('everyday-services', 'Arjen palvelut', 'Vardagstjänster', 'Everyday services'),
  term('health-and-wellbeing', 'Terveys ja hyvinvointi', 'Hälsa och välbefinnande', 'Health and wellbeing'),
  term('mental-health', 'Mielenterveys', 'Psykisk hälsa', 'Mental health'),
  term('substance-abuse', 'Päihteet', 'Missbruk', 'Substance abuse'),
  term('physical-activity', 'Liikunta', 'Motion', 'Physical activity'),
  term('inclusion', 'Osallisuus ja yhteisöllisyys', 'Delaktighet och gemenskap', 'Inclusion and community'),
  term('loneliness', 'Yksinäisyyden ehkäisy', 'Förebyggande av ensamhet', 'Preventing loneliness'),
  term('living-at-home', 'Kotona asumisen tuki', 'Stöd för boende hemma', 'Support for living at home'),
  term('digital-skills', 'Digitaidot', 'Digitala färdigheter', 'Digital skills'),
  term('mobility', 'Liikkuminen ja kuljetus', 'Mobilitet och transport', 'Mobility and transport'),
  term('culture', 'Kulttuuri', 'Kultur', 'Culture'),
  term('safety', 'Turvallisuus', 'Trygghet', 'Safety'),
  term('volunteering', 'Vapaaehtoistoiminta', 'Frivilligverksamhet', 'Volunteering'),
  term('village-development', 'Kylien kehittäminen', 'Byautveckling', 'Village development'),
]);

/** Who an offer is for. */
export const LIFE_STAGES: readonly VocabularyTerm[] = Object.freeze([
  term('families-with-children', 'Lapsiperheet', 'Barnfamiljer', 'Families with children'),
  term('children', 'Lapset', 'Barn', 'Children'),
  term('young-people', 'Nuoret', 'Unga', 'Young people'),
  term('working-age', 'Työikäiset', 'Personer i arbetsför ålder', 'Working-age people'),
  term('older-people', 'Ikääntyneet', 'Äldre', 'Older people'),
  term('all-ages', 'Kaikenikäiset', 'Alla åldrar', 'All ages'),
]);

export const THEME_CODES: readonly string[] = Object.freeze(THEMES.map((t) => t.code));
export const LIFE_STAGE_CODES: readonly string[] = Object.freeze(LIFE_STAGES.map((t) => t.code));
