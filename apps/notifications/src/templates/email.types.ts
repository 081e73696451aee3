import type { Language } from '@notifications/vocabulary';

/**
 * Links the caller has already built (and signed, where they carry a token); templates only render
 * them. `registerBaseUrl` is where the register UI lives: records are linked as
 * `<registerBaseUrl>/organisations/<id>` and `<registerBaseUrl>/activities/<id>`.
 */
export interface EmailLinks {
  readonly preferencesUrl: string;
  readonly unsubscribeUrl: string;
  /** Empty while no register UI is configured (REGISTER_UI_URL): emails then link no records. */
  readonly registerBaseUrl: string;
}

/** One kind of email a recipient gets, as the notification rules describe it (for the welcome email). */
export interface ReceivedCategory {
  readonly category: string;
  readonly description: Record<Language, string>;
}

export interface RecipientContext {
  readonly name: string;
  readonly language: Language;
  readonly links: EmailLinks;
  readonly receives?: readonly ReceivedCategory[];
}

export interface RenderedEmail {
  /** One line, never HTML-escaped. */
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}
