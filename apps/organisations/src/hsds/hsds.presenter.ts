import type {
  HsdsAddressDto,
  HsdsAttributeDto,
  HsdsLanguageDto,
  HsdsLocationDto,
  HsdsOrganizationDto,
  HsdsPhoneDto,
  HsdsScheduleDto,
  HsdsServiceAreaDto,
  HsdsServiceBriefDto,
  HsdsServiceDto,
} from '@yp/contracts-http';
import { findMunicipality, LIFE_STAGES, MUNICIPALITIES, REGIONS, THEMES, type VocabularyTerm } from '@yp/contracts-reference';
import type { ActivityState } from '@organisations/activities/activity.state';
import type { OrganisationState } from '@organisations/organisations/organisation.state';
import { derivedId, hsdsIdOf } from './hsds-ids';
import { emailOf, uriOf } from './hsds-addresses';

/**
 * The register as Open Referral HSDS 3.0: organisation → organization, visible activity → service
 * with its areas, schedules, location and languages. Pure: the same states give the same objects
 * (ids included), so consumers can update rather than duplicate. See docs/api-conventions.md.
 */

type Localised = { fi?: string; sv?: string; en?: string };

const TIME_ZONE = 'Europe/Helsinki';
const DAYS = { mon: 'MO', tue: 'TU', wed: 'WE', thu: 'TH', fri: 'FR', sat: 'SA', sun: 'SU' } as const;
const DAY_ORDER = Object.values(DAYS) as string[];

/** Finnish names and ISO 639 codes of the register's activity languages (fi-sign: ISO 639-3 fse). */
const LANGUAGES: Readonly<Record<string, { name: string; code: string }>> = {
  fi: { name: 'suomi', code: 'fi' },
  sv: { name: 'ruotsi', code: 'sv' },
  en: { name: 'englanti', code: 'en' },
  se: { name: 'pohjoissaame', code: 'se' },
  smn: { name: 'inarinsaame', code: 'smn' },
  sms: { name: 'koltansaame', code: 'sms' },
  ru: { name: 'venäjä', code: 'ru' },
  et: { name: 'viro', code: 'et' },
  ar: { name: 'arabia', code: 'ar' },
  so: { name: 'somali', code: 'so' },
  uk: { name: 'ukraina', code: 'uk' },
  'fi-sign': { name: 'suomalainen viittomakieli', code: 'fse' },
};

export const TAXONOMIES = {
  themes: 'yhteispeli-themes',
  lifeStages: 'yhteispeli-life-stages',
  municipalities: 'statistics-finland-municipalities',
} as const;

const firstText = (text: Localised | undefined): string | undefined => text?.fi ?? text?.sv ?? text?.en;
const alternateName = (name: Localised): string | undefined => [name.sv, name.en].filter((n): n is string => !!n).join(' / ') || undefined;
const regionName = (code: string | undefined) => REGIONS.find((r) => r.code === code)?.name.fi;
const REGION_BY_MUNICIPALITY_NAME = new Map(MUNICIPALITIES.map((m) => [m.name.toLowerCase(), m.region]));

/** `2026-12-05T12:00:00+02:00` → the day and clock time in Helsinki. */
function helsinki(iso: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** validTo is the first instant it is hidden again: the last valid day is the day before that instant. */
const lastDayBefore = (iso: string) => helsinki(new Date(Date.parse(iso) - 1).toISOString()).date;

function termAttributes(
  linkId: string,
  linkEntity: string,
  linkType: string,
  taxonomy: string,
  terms: readonly VocabularyTerm[],
  codes: readonly string[],
): HsdsAttributeDto[] {
  return codes.flatMap((code) => {
    const term = terms.find((t) => t.code === code);
    if (!term) return [];
    return [
      {
        id: derivedId(`${linkId}/attribute/${taxonomy}/${code}`),
        link_id: linkId,
        taxonomy_term_id: derivedId(`${taxonomy}/${code}`),
        link_type: linkType,
        link_entity: linkEntity,
        taxonomy_term: {
          id: derivedId(`${taxonomy}/${code}`),
          code,
          name: term.label.fi,
          description: `sv: ${term.label.sv}; en: ${term.label.en}`,
          language: 'fi',
          taxonomy_id: derivedId(taxonomy),
        },
      },
    ];
  });
}

const classification = (linkId: string, linkEntity: string, s: { themes?: string[]; lifeStages?: string[] }): HsdsAttributeDto[] => [
  ...termAttributes(linkId, linkEntity, 'theme', TAXONOMIES.themes, THEMES, s.themes ?? []),
  ...termAttributes(linkId, linkEntity, 'life_stage', TAXONOMIES.lifeStages, LIFE_STAGES, s.lifeStages ?? []),
];

function address(
  locationId: string,
  type: 'physical' | 'postal',
  a: { street: string; postalCode?: string; postOffice: string },
  regions: readonly string[],
): HsdsAddressDto | undefined {
  if (!a.postalCode) return undefined;
  // The post office is usually the municipality; otherwise the one region the owner works in.
  const region =
    regionName(REGION_BY_MUNICIPALITY_NAME.get(a.postOffice.trim().toLowerCase()) ?? (regions.length === 1 ? regions[0] : undefined)) ?? '';
  return {
    id: derivedId(`${locationId}/address`),
    location_id: locationId,
    address_1: a.street,
    city: a.postOffice,
    region,
    state_province: region,
    postal_code: a.postalCode,
    country: 'FI',
    address_type: type,
  };
}

export function presentOrganization(id: string, s: OrganisationState): HsdsOrganizationDto {
  const orgId = hsdsIdOf(id);
  const locations: HsdsLocationDto[] = [];
  if (s.postalAddress) {
    const locationId = derivedId(`${id}/postal-address`);
    const postal = address(locationId, 'postal', s.postalAddress, s.regions);
    if (postal) {
      locations.push({
        id: locationId,
        location_type: 'postal',
        organization_id: orgId,
        name: `${s.postalAddress.street}, ${s.postalAddress.postOffice}`,
        addresss: [postal],
      });
    }
  }
  const alternate = alternateName(s.name);
  const website = s.website ? uriOf(s.website) : undefined;
  const email = s.email ? emailOf(s.email) : undefined;
  return {
    id: orgId,
    name: s.name.fi,
    ...(alternate ? { alternate_name: alternate } : {}),
    description: firstText(s.description) ?? '',
    ...(email ? { email } : {}),
    ...(website ? { website } : {}),
    legal_status: s.kind,
    organization_identifiers: s.businessId
      ? [
          {
            id: derivedId(`${id}/business-id`),
            organization_id: orgId,
            identifier_scheme: 'FI-PRO',
            identifier_type: 'Y-tunnus',
            identifier: s.businessId,
          },
        ]
      : [],
    phones: s.phone ? [{ id: derivedId(`${id}/phone`), organization_id: orgId, number: s.phone, type: 'voice' }] : [],
    locations,
    attributes: classification(orgId, 'organization', s),
  };
}

export function presentServiceBrief(id: string, s: ActivityState): HsdsServiceBriefDto {
  const alternate = alternateName(s.name);
  const description = firstText(s.description);
  const costText = firstText(s.cost.description);
  const url = s.contact?.website ? uriOf(s.contact.website) : undefined;
  const email = s.contact?.email ? emailOf(s.contact.email) : undefined;
  return {
    id: hsdsIdOf(id),
    organization_id: hsdsIdOf(s.organisationId),
    name: s.name.fi,
    ...(alternate ? { alternate_name: alternate } : {}),
    ...(description ? { description } : {}),
    ...(url ? { url } : {}),
    ...(email ? { email } : {}),
    status: 'active',
    fees_description: `${s.cost.free ? 'Maksuton' : 'Maksullinen'}${costText ? `: ${costText}` : ''}`,
  };
}

function schedules(id: string, serviceId: string, s: ActivityState): HsdsScheduleDto[] {
  const notes = firstText(s.schedule?.notes);
  const validity = {
    ...(s.validFrom ? { valid_from: helsinki(s.validFrom).date } : {}),
    ...(s.validTo ? { valid_to: lastDayBefore(s.validTo) } : {}),
  };
  const out: HsdsScheduleDto[] = [];
  // Weekly openings with the same hours become one RRULE with several days.
  const byHours = new Map<string, string[]>();
  for (const w of s.schedule?.weekly ?? []) {
    const key = `${w.opens}-${w.closes}`;
    byHours.set(key, [...(byHours.get(key) ?? []), DAYS[w.day]]);
  }
  for (const [hours, days] of byHours) {
    const [opens, closes] = hours.split('-') as [string, string];
    const byday = [...new Set(days)].sort((a, b) => DAY_ORDER.indexOf(a) - DAY_ORDER.indexOf(b)).join(',');
    out.push({
      id: derivedId(`${id}/schedule/weekly/${byday}/${hours}`),
      service_id: serviceId,
      ...validity,
      ...(validity.valid_from ? { dtstart: validity.valid_from } : {}),
      freq: 'WEEKLY',
      interval: 1,
      byday,
      opens_at: opens,
      closes_at: closes,
      description: `${byday} ${opens}–${closes} (${TIME_ZONE})`,
      ...(notes ? { notes } : {}),
    });
  }
  for (const o of s.schedule?.occurrences ?? []) {
    const start = helsinki(o.starts);
    const end = helsinki(o.ends);
    out.push({
      id: derivedId(`${id}/schedule/occurrence/${o.starts}/${o.ends}`),
      service_id: serviceId,
      ...validity,
      dtstart: start.date,
      until: end.date,
      opens_at: start.time,
      closes_at: end.time,
      description: `${start.date} ${start.time} – ${end.date === start.date ? '' : `${end.date} `}${end.time} (${TIME_ZONE})`,
      ...(notes ? { notes } : {}),
    });
  }
  return out;
}

function serviceAreas(serviceId: string, s: ActivityState): HsdsServiceAreaDto[] {
  return s.municipalities.flatMap((code) => {
    const m = findMunicipality(code);
    if (!m) return [];
    const areaId = derivedId(`${serviceId}/area/${code}`);
    return [
      {
        id: areaId,
        service_id: serviceId,
        name: m.name,
        description: `${m.name} (kuntakoodi ${code}), ${regionName(m.region) ?? ''}`.replace(/, $/, ''),
        attributes: [
          {
            id: derivedId(`${areaId}/attribute`),
            link_id: areaId,
            taxonomy_term_id: derivedId(`${TAXONOMIES.municipalities}/${code}`),
            link_type: 'municipality',
            link_entity: 'service_area',
            taxonomy_term: {
              id: derivedId(`${TAXONOMIES.municipalities}/${code}`),
              code,
              name: m.name,
              description: `Tilastokeskuksen kuntakoodi ${code}`,
              language: 'fi',
              taxonomy_id: derivedId(TAXONOMIES.municipalities),
            },
          },
        ],
      },
    ];
  });
}

export function presentService(id: string, s: ActivityState, organisation: { id: string; state: OrganisationState }): HsdsServiceDto {
  const brief = presentServiceBrief(id, s);
  const serviceId = brief.id;
  const languages: HsdsLanguageDto[] = s.languages.map((code) => ({
    id: derivedId(`${id}/language/${code}`),
    service_id: serviceId,
    name: LANGUAGES[code]?.name ?? code,
    code: LANGUAGES[code]?.code ?? code,
  }));
  const phones: HsdsPhoneDto[] = s.contact?.phone
    ? [{ id: derivedId(`${id}/phone`), service_id: serviceId, number: s.contact.phone, type: 'voice' }]
    : [];
  const serviceAtLocations = [];
  if (s.location && s.deliveryModes.includes('at-place')) {
    const locationId = derivedId(`${id}/location`);
    const physical = address(locationId, 'physical', s.location, s.regions);
    const accessibility = firstText(s.accessibility);
    serviceAtLocations.push({
      id: derivedId(`${id}/service-at-location`),
      service_id: serviceId,
      location_id: locationId,
      location: {
        id: locationId,
        location_type: 'physical' as const,
        organization_id: brief.organization_id,
        name: `${s.location.street}, ${s.location.postOffice}`,
        ...(accessibility ? { description: accessibility } : {}),
        addresss: physical ? [physical] : [],
      },
    });
  }
  return {
    ...brief,
    organization: presentOrganization(organisation.id, organisation.state),
    service_areas: serviceAreas(serviceId, s),
    schedules: schedules(id, serviceId, s),
    service_at_locations: serviceAtLocations,
    languages,
    phones,
    attributes: classification(serviceId, 'service', s),
  };
}
