import { ORGANISATION_REGISTERED_V1 } from '@yp/contracts-events';
import { label } from '@notifications/templates/message-catalogue';
import { templateOf, type TypedViewInput } from '@notifications/templates/template-definition';
import { localised, municipalityNames, registerLink } from './view-helpers';

export interface OrganisationRegisteredView {
  readonly orgName: string;
  readonly kind: string;
  readonly places: string;
  readonly link: string;
}

function view({ event: { data }, language, links }: TypedViewInput<typeof ORGANISATION_REGISTERED_V1>): OrganisationRegisteredView {
  return {
    orgName: localised(data.name, language),
    kind: label(language, 'kinds', data.kind),
    places: municipalityNames(data.municipalities, language),
    link: registerLink(links, 'organisations', data.organisationId),
  };
}

/** A new partner registered in the recipient's municipalities. */
export const organisationRegistered = templateOf(ORGANISATION_REGISTERED_V1, view);
