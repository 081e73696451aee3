import { LIAISON_OFFICER_ASSIGNED_V1 } from '@yp/contracts-events';
import { templateOf, type TypedViewInput } from '@notifications/templates/template-definition';
import { municipalityNames } from './view-helpers';

export interface LiaisonOfficerWelcomeView {
  readonly places: string;
  readonly healthCentre: string | null;
  /** What the rules will send them, one line per category, in their language (Finnish if missing). */
  readonly receives: readonly string[];
  readonly link: string;
}

function view({
  event: { data },
  language,
  links,
  recipient,
}: TypedViewInput<typeof LIAISON_OFFICER_ASSIGNED_V1>): LiaisonOfficerWelcomeView {
  return {
    places: municipalityNames(data.municipalities, language),
    healthCentre: data.healthCentre?.trim() || null,
    receives: (recipient.receives ?? [])
      .map((r) => r.description[language]?.trim() || r.description.fi?.trim() || '')
      .filter((line) => line !== ''),
    link: links.preferencesUrl,
  };
}

/** Welcome to a newly assigned liaison officer: their area, what they will get, how to change it. */
export const liaisonOfficerWelcome = templateOf(LIAISON_OFFICER_ASSIGNED_V1, view);
