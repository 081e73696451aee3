import { Injectable } from '@nestjs/common';
import { NotificationsConfig } from '@notifications/notifications-config';
import type { EmailLinks } from '@notifications/templates/templates';
import type { RuleCategory } from '@notifications/vocabulary';
import { LinkSigner } from './link-token';

/**
 * The links in an email, signed so they work without logging in: preferences, and unsubscribe from
 * the email's category (or from everything, for a digest). They point at the gateway's public pages.
 */
@Injectable()
export class EmailLinkBuilder {
  readonly signer: LinkSigner;
  private readonly base: string;
  private readonly registerUi: string;

  constructor(config: NotificationsConfig) {
    this.signer = new LinkSigner(config.NOTIFICATIONS_LINK_SECRET);
    this.base = config.PUBLIC_BASE_URL.replace(/\/$/, '');
    this.registerUi = config.REGISTER_UI_URL ?? '';
  }

  preferences(personId: string): string {
    return `${this.base}/notifications/preferences?token=${this.signer.sign({ purpose: 'preferences', personId })}`;
  }

  /** `category` undefined: unsubscribe from every category. */
  unsubscribe(personId: string, category?: string): string {
    return `${this.base}/notifications/unsubscribe?token=${this.signer.sign({ purpose: 'unsubscribe', personId, ...(category ? { category } : {}) })}`;
  }

  forEmail(personId: string, category?: RuleCategory): EmailLinks {
    return {
      preferencesUrl: this.preferences(personId),
      unsubscribeUrl: category === 'service' ? this.preferences(personId) : this.unsubscribe(personId, category),
      registerBaseUrl: this.registerUi,
    };
  }
}
