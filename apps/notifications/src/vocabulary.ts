/**
 * The words every folder of the notifications service shares: the languages it writes in, the
 * categories a recipient chooses for, how they choose to receive each, the digests, and how an
 * event is known to be of a type. Declared once, here, at the bottom of the service: this file
 * imports nothing of the app, so any folder may use it (templates, calendar, recipients,
 * preferences, rules, deliveries, digests, planning).
 */

// --- Languages ------------------------------------------------------------------------------

/** What an email, a page behind an email link and a meeting invitation are written in. */
export const LANGUAGES = Object.freeze(['fi', 'sv', 'en'] as const);
export type Language = (typeof LANGUAGES)[number];
/** Finnish: the default, and the fallback for copy not yet translated. */
export const DEFAULT_LANGUAGE: Language = 'fi';

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/** A stored recipient language is data from elsewhere: anything unknown reads as Finnish. */
export function toLanguage(value: unknown): Language {
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}

// --- Categories -----------------------------------------------------------------------------

/**
 * What a recipient can choose to receive immediately, in a daily or weekly digest, or not at all.
 * `service` messages (a welcome) are always sent at once and cannot be turned off: there is one per
 * appointment.
 */
export const CATEGORIES = Object.freeze(['register', 'meetings', 'action-items', 'pilots'] as const);
export type Category = (typeof CATEGORIES)[number];
/** The category of a notification rule: a choosable one, or `service`. */
export type RuleCategory = Category | 'service';

export function isCategory(value: unknown): value is Category {
  return (CATEGORIES as readonly unknown[]).includes(value);
}

/** Each category as a recipient reads it (the preferences page, the welcome email). */
export const CATEGORY_DESCRIPTIONS: Readonly<Record<Category, Readonly<Record<Language, string>>>> = Object.freeze({
  register: {
    fi: 'Uudet kumppanit ja asukkaille julkaistu toiminta kunnissasi',
    sv: 'Nya partner och ny verksamhet för invånare i dina kommuner',
    en: 'New partners and activities published for residents in your municipalities',
  },
  meetings: {
    fi: 'Kokouskutsut, siirrot ja peruutukset',
    sv: 'Mötesinbjudningar, ändringar och inställda möten',
    en: 'Meeting invitations, reschedules and cancellations',
  },
  'action-items': {
    fi: 'Erääntyneet tehtävät, joista vastaat',
    sv: 'Försenade uppgifter som du ansvarar för',
    en: 'Overdue action items you are responsible for',
  },
  pilots: {
    fi: 'Pilottikylät ja kehittämissuunnitelmat kunnissasi',
    sv: 'Pilotbyar och utvecklingsplaner i dina kommuner',
    en: 'Pilot villages and development plans in your municipalities',
  },
});

// --- Delivery modes and digests -------------------------------------------------------------

/**
 * The digests items can be collected into: daily at DIGEST_HOUR, weekly on Mondays, and `bulk`: the
 * summary of one bulk change (an import) for a recipient who takes a category immediately (see
 * bulk-summaries/); no recipient chooses it.
 */
export const DIGEST_PERIODS = Object.freeze(['daily', 'weekly', 'bulk'] as const);
export type DigestPeriod = (typeof DIGEST_PERIODS)[number];

/** How a recipient wants a category: each email at once, collected into a digest, or not at all. */
export const DELIVERY_MODES = Object.freeze(['immediately', 'daily', 'weekly', 'off'] as const);
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export function isDeliveryMode(value: unknown): value is DeliveryMode {
  return (DELIVERY_MODES as readonly unknown[]).includes(value);
}

// --- Events ---------------------------------------------------------------------------------
