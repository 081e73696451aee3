import type { EventEnvelope } from '@yp/contracts-events';
import type { Language } from '@notifications/vocabulary';
import type { EmailLinks, RecipientContext } from './email.types';

export interface ViewInput {
  readonly event: EventEnvelope;
  readonly language: Language;
  readonly links: EmailLinks;
  readonly recipient: RecipientContext;
}

/**
 * What a template needs besides its files: the event type it renders, and how to turn that event
 * into the values its messages and markup use. Views are plain, fully populated objects (absent
 * values as `null`) because the templates are compiled strict.
 */
export interface TemplateDefinition<View extends object = object> {
  readonly eventType: string;
  readonly view: (input: ViewInput) => View;
}
