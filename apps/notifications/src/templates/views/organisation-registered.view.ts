import { ORGANISATION_REGISTERED_V1, type EventEnvelope, type OrganisationRegisteredV1 } from '@yp/contracts-events';
import { label } from '@notifications/templates/message-catalogue';
import type { TemplateDefinition, ViewInput } from '@notifications/templates/template-definition';
import { localised, municipalityNames, registerLink } from './view-helpers';

export interface OrganisationRegisteredView {
  readonly orgName: string;
  readonly kind: string;
  readonly places: string;
  readonly link: string;
}

function view({ event, language, links }: ViewInput): OrganisationRegisteredView {
  const data = (event as EventEnvelope<OrganisationRegisteredV1>).data;
  return {
    orgName: localised(data.name, language),
    kind: label(language, 'kinds', data.kind),
    places: municipalityNames(data.municipalities, language),
    link: registerLink(links, 'organisations', data.organisationId),
  };
}

/** A new partner registered in the recipient's municipalities. */
export const organisationRegistered: TemplateDefinition<OrganisationRegisteredView> = {
  eventType: ORGANISATION_REGISTERED_V1,
  view,
};
