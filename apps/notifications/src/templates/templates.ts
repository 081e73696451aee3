import { findMunicipality } from '@yp/contracts-reference';
import type { EventEnvelope, OrganisationRegisteredV1 } from '@yp/contracts-events';

export type TemplateName = 'organisation-registered';
export type Language = 'fi' | 'sv' | 'en';

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function municipalityNames(codes: readonly string[]): string {
  return codes.map((c) => findMunicipality(c)?.name ?? c).join(', ');
}

type Renderer = (event: EventEnvelope, recipientName: string) => RenderedEmail;

function organisationRegistered(lang: Language): Renderer {
  return (event, recipientName) => {
    const data = event.data as OrganisationRegisteredV1;
    const orgName = (lang === 'sv' ? data.name.sv : lang === 'en' ? data.name.en : undefined) ?? data.name.fi;
    const places = municipalityNames(data.municipalities);
    const copy = {
      fi: { subject: `Uusi kumppani alueellasi: ${orgName}`, greet: `Hei ${recipientName},`, body: `${orgName} on rekisteröity Yhteispeliin. Toiminta-alue: ${places}.`, sign: 'Yhteispeli – arjen turvan kumppanuusverkosto' },
      sv: { subject: `Ny partner i ditt område: ${orgName}`, greet: `Hej ${recipientName},`, body: `${orgName} har registrerats i Yhteispeli. Verksamhetsområde: ${places}.`, sign: 'Yhteispeli – partnerskapsnätverket för vardagstrygghet' },
      en: { subject: `New partner in your area: ${orgName}`, greet: `Hello ${recipientName},`, body: `${orgName} has been registered in Yhteispeli. Area served: ${places}.`, sign: 'Yhteispeli – everyday security partnership network' },
    }[lang];
    return {
      subject: copy.subject,
      text: `${copy.greet}\n\n${copy.body}\n\n-- \n${copy.sign}\n`,
      html: `<!doctype html><html lang="${lang}"><body><p>${escapeHtml(copy.greet)}</p><p>${escapeHtml(copy.body)}</p><p style="color:#666">${escapeHtml(copy.sign)}</p></body></html>`,
    };
  };
}

const TEMPLATES: Record<TemplateName, Record<Language, Renderer>> = {
  'organisation-registered': { fi: organisationRegistered('fi'), sv: organisationRegistered('sv'), en: organisationRegistered('en') },
};

export function render(template: TemplateName, language: Language, event: EventEnvelope, recipientName: string): RenderedEmail {
  return TEMPLATES[template][language](event, recipientName);
}
