import { ACTIVITY_PUBLISHED_V1 } from '@yp/contracts-events';
import { LIFE_STAGES } from '@yp/contracts-reference';
import { label } from '@notifications/templates/message-catalogue';
import { templateOf, type TypedViewInput } from '@notifications/templates/template-definition';
import {
  excerpt,
  joinList,
  localised,
  municipalityNames,
  optionalLocalised,
  readLocalised,
  registerLink,
  vocabularyLabels,
} from './view-helpers';

export interface ActivityPublishedView {
  readonly activityName: string;
  readonly type: string;
  /** The organiser's name when the event carries it (`organisationName`), else null: the link still works. */
  readonly organiser: string | null;
  readonly organiserLink: string;
  readonly places: string;
  readonly villages: string | null;
  readonly lifeStages: string | null;
  /** The start of the description when the event carries one (`description`), else null. */
  readonly excerpt: string | null;
  readonly link: string;
}

function view({ event: { data }, language, links }: TypedViewInput<typeof ACTIVITY_PUBLISHED_V1>): ActivityPublishedView {
  // Fields the schema does not declare (the envelope lets producers add fields in place).
  const description = optionalLocalised(readLocalised('description' in data ? data.description : undefined), language);
  const organiser = optionalLocalised(readLocalised('organisationName' in data ? data.organisationName : undefined), language);
  return {
    activityName: localised(data.name, language),
    type: label(language, 'activityTypes', data.type),
    organiser: organiser ?? null,
    organiserLink: registerLink(links, 'organisations', data.organisationId),
    places: municipalityNames(data.municipalities, language),
    villages: data.villages.length > 0 ? joinList(data.villages, language) : null,
    lifeStages: data.lifeStages.length > 0 ? vocabularyLabels(LIFE_STAGES, data.lifeStages, language) : null,
    excerpt: description ? excerpt(description) : null,
    link: registerLink(links, 'activities', data.activityId),
  };
}

/** A new activity for residents in the recipient's municipalities. */
export const activityPublished = templateOf(ACTIVITY_PUBLISHED_V1, view);
