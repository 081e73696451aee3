import type { TemplateDefinition } from './template-definition';
import { activityPublished } from './views/activity-published.view';
import { liaisonOfficerWelcome } from './views/liaison-officer-welcome.view';
import { organisationRegistered } from './views/organisation-registered.view';

/**
 * Every template, in the order a digest groups them. Adding one: an entry here, its four files in
 * `emails/` and its messages in `locales/*.json` (see README.md). Names are stored in the delivery
 * log: never rename one.
 */
export const TEMPLATES = Object.freeze({
  'organisation-registered': organisationRegistered,
  'activity-published': activityPublished,
  'liaison-officer-welcome': liaisonOfficerWelcome,
} satisfies Record<string, TemplateDefinition>);

export type TemplateName = keyof typeof TEMPLATES;

export const TEMPLATE_NAMES = Object.freeze(Object.keys(TEMPLATES) as TemplateName[]);

export function isTemplateName(x: string): x is TemplateName {
  return Object.hasOwn(TEMPLATES, x);
}
