import type { EventEnvelope } from '@yp/contracts-events';
import { toLanguage, type DigestPeriod, type Language } from '@notifications/vocabulary';
import type { EmailLinks, RecipientContext, RenderedEmail } from './email.types';
import { renderFile } from './handlebars-environment';
import { translate } from './message-catalogue';
import { TEMPLATES, TEMPLATE_NAMES, isTemplateName, type TemplateName } from './template-registry';

export type { EmailLinks, ReceivedCategory, RecipientContext, RenderedEmail } from './email.types';
export { isTemplateName, TEMPLATE_NAMES, type TemplateName } from './template-registry';

export interface DigestItem {
  readonly template: TemplateName;
  readonly event: EventEnvelope;
}

/** Fields the layout reads; views must not use these names. */
interface LayoutContext {
  readonly lang: Language;
  readonly subject: string;
  readonly recipientName: string;
  readonly links: EmailLinks;
  /** Catalogue key of the footer line saying why the recipient gets this email. */
  readonly reasonKey: string;
}

/** Mail headers are one line: whatever a name or a translation carries, the subject never breaks. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Blank runs left by optional lines collapse to one empty line. */
function tidyText(text: string): string {
  return `${text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

function viewOf(template: TemplateName, event: EventEnvelope, language: Language, recipient: RecipientContext): object {
  if (!isTemplateName(template)) throw new Error(`Unknown email template "${String(template)}"`);
  const definition = TEMPLATES[template];
  if (event.type !== definition.eventType) {
    throw new Error(`Template "${template}" renders ${definition.eventType} events, not ${event.type}`);
  }
  return definition.view({ event, language, links: recipient.links, recipient });
}

function layout(language: Language, subject: string, reasonKey: string, recipient: RecipientContext): LayoutContext {
  return { lang: language, subject, recipientName: recipient.name.trim(), links: recipient.links, reasonKey };
}

/**
 * One email about one event, in the recipient's language (Finnish for anything else), as a plain
 * text and an HTML part. Throws for an unknown template or an event of another type: both are bugs
 * in the rules, not something a retry fixes.
 */
export function render(template: TemplateName, event: EventEnvelope, recipient: RecipientContext): RenderedEmail {
  const language = toLanguage(recipient.language);
  const view = viewOf(template, event, language, recipient);
  const subject = oneLine(translate(language, `${template}.subject`, view));
  const context = { ...view, ...layout(language, subject, `${template}.reason`, recipient) };
  return { subject, text: tidyText(renderFile('text', template, context)), html: renderFile('html', template, context) };
}

/**
 * Several events in one email, grouped by template in registry order (items keep their order inside
 * a group), each as one line with its link. The subject carries the count.
 */
export function renderDigest(period: DigestPeriod, items: readonly DigestItem[], recipient: RecipientContext): RenderedEmail {
  if (items.length === 0) throw new Error('A digest needs at least one item');
  const unknown = items.find((item) => !isTemplateName(item.template));
  if (unknown) throw new Error(`Unknown email template "${String(unknown.template)}"`);
  const language = toLanguage(recipient.language);
  const groups = TEMPLATE_NAMES.map((template) => {
    const views = items.filter((item) => item.template === template).map((item) => viewOf(template, item.event, language, recipient));
    return { groupKey: `${template}.group`, count: views.length, items: views.map((view) => ({ partial: `${template}.item`, view })) };
  }).filter((group) => group.count > 0);
  const count = items.length;
  const subject = oneLine(translate(language, 'digest.subject', { count }));
  const context = {
    headingKey: `digest.heading.${period}`,
    introKey: `digest.intro.${period}`,
    count,
    groups,
    ...layout(language, subject, 'digest.reason', recipient),
  };
  return { subject, text: tidyText(renderFile('text', 'digest', context)), html: renderFile('html', 'digest', context) };
}
