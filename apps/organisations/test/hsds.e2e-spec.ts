import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isValidBusinessId } from '@yp/contracts-http';
import { TestSystem } from '@yp/shared-testing';

/**
 * The Open Referral HSDS 3.0 export through the gateway on the real infrastructure: only published
 * activities inside their validity window become services, with their nested organization, areas,
 * schedules and location; every object is checked against the official HSDS 3.0 schema files
 * vendored in ./hsds-schema (see its README).
 */

interface Page<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}
interface Attribute {
  link_type: string;
  taxonomy_term: { code: string; name: string };
}
interface Address {
  address_1: string;
  city: string;
  postal_code: string;
  country: string;
  state_province: string;
  address_type: string;
}
interface Service {
  id: string;
  organization_id: string;
  name: string;
  alternate_name?: string;
  status: string;
  email?: string;
  url?: string;
  fees_description: string;
  organization: { id: string; name: string; organization_identifiers: { identifier: string; identifier_scheme: string }[] };
  service_areas: { name: string; attributes: Attribute[] }[];
  schedules: { freq?: string; byday?: string; opens_at: string; closes_at: string; dtstart?: string; until?: string; valid_to?: string }[];
  service_at_locations: { location_id: string; location: { id: string; location_type: string; addresss: Address[] } }[];
  languages: { code: string; name: string }[];
  phones: { number: string }[];
  attributes: Attribute[];
}
interface Organization {
  id: string;
  name: string;
  services: { id: string }[];
}

// --- The official schemas ----------------------------------------------------------------------

const SCHEMA_DIR = join(__dirname, 'hsds-schema');
/** HSDS schemas this export never fills: they reject any value, so emitting one fails the test. */
const NOT_EMITTED = ['program', 'funding', 'required_document', 'cost_option', 'accessibility', 'taxonomy'];

function hsdsValidators(): Record<'service' | 'organization', ValidateFunction> {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // The schema files double as Frictionless table descriptions: `format: csv` there is not a string format.
  ajv.addFormat('csv', true);
  ajv.addFormat('%Y', true);
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json'))) {
    ajv.addSchema({ ...(JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as object), $id: file });
  }
  for (const name of NOT_EMITTED) ajv.addSchema({ $id: `${name}.json`, not: {} });
  return { service: ajv.getSchema('service.json')!, organization: ajv.getSchema('organization.json')! };
}

const validators = hsdsValidators();
function expectValid(kind: keyof typeof validators, value: unknown): void {
  const validate = validators[kind];
  const ok = validate(value);
  expect(ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`)).toEqual([]);
}

// --- The system ---------------------------------------------------------------------------------

let system: TestSystem;
let keyHeaders: { authorization: string };
let coordinatorNOHeaders: { authorization: string };
let organisationId: string;
const ids: Record<'draft' | 'published' | 'scheduled' | 'withdrawn', string> = {} as never;
const hsdsId = (registerId: string) => {
  const hex = registerId.slice(registerId.indexOf('_') + 1);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

function businessId(): string {
  for (;;) {
    const body = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
    for (let check = 0; check <= 9; check++) if (isValidBusinessId(`${body}-${check}`)) return `${body}-${check}`;
  }
}

async function must<T>(method: string, path: string, body: unknown, status: number): Promise<T> {
  const res = await system.request<T>(method, path, { body });
  if (res.status !== status) throw new Error(`set-up ${method} ${path}: expected ${status}, got ${res.status}: ${res.text.slice(0, 300)}`);
  return res.body;
}

const activity = (extra: Record<string, unknown>) => ({
  organisationId,
  name: { fi: 'Kylätalon kahvila', sv: 'Bystugans kafé' },
  type: 'meeting-place',
  deliveryModes: ['remote'],
  municipalities: ['320'],
  ...extra,
});
const create = async (extra: Record<string, unknown>) =>
  (await must<{ id: string }>('POST', '/api/v1/activities', activity(extra), 201)).id;
const publish = (id: string) => must('POST', `/api/v1/activities/${id}/publish`, undefined, 200);

async function allServiceIds(headers?: { authorization: string }): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const res = await system.request<Page<{ id: string }>>(
      'GET',
      `/api/v1/hsds/services?per_page=200&page=${page}`,
      headers ? { headers } : {},
    );
    expect(res.status).toBe(200);
    out.push(...res.body.contents.map((s) => s.id));
    if (res.body.last_page) return out;
  }
}

beforeAll(async () => {
  system = await TestSystem.start('hsds', ['gateway', 'organisations']);
  keyHeaders = {
    authorization: `Bearer ${(await must<{ key: string }>('POST', '/api/v1/api-keys', { name: 'HSDS reader', regions: ['17'], access: 'read' }, 201)).key}`,
  };
  await must(
    'POST',
    '/api/v1/users',
    { username: 'coord.no@example.fi', displayName: 'NO', roles: ['coordinator'], regions: ['17'], password: 'a-long-enough-password' },
    201,
  );
  coordinatorNOHeaders = { authorization: `Bearer ${(await system.logIn('coord.no@example.fi', 'a-long-enough-password')).accessToken}` };
  organisationId = (
    await must<{ id: string }>(
      'POST',
      '/api/v1/organisations',
      {
        kind: 'association',
        name: { fi: 'Kemijärven Kyläyhdistys ry', sv: 'Kemijärvi byaförening rf' },
        businessId: businessId(),
        description: { fi: 'Kylän yhteinen yhdistys.' },
        email: 'info@kylayhdistys.example.fi',
        website: 'https://kylayhdistys.example.fi',
        phone: '+358 40 765 4321',
        postalAddress: { street: 'Kylätie 1', postalCode: '98100', postOffice: 'Kemijärvi' },
        municipalities: ['320'],
        themes: ['inclusion'],
      },
      201,
    )
  ).id;

  ids.draft = await create({ name: { fi: 'Luonnos' } });
  ids.published = await create({
    name: { fi: 'Kylätalon kahvila', sv: 'Bystugans kafé', en: 'Village café' },
    description: { fi: 'Kahvia ja seuraa.' },
    deliveryModes: ['at-place'],
    location: { street: 'Kylätie 1', postalCode: '98100', postOffice: 'Kemijärvi' },
    themes: ['loneliness'],
    lifeStages: ['older-people'],
    municipalities: ['320', '698'],
    schedule: {
      weekly: [
        { day: 'thu', opens: '10:00', closes: '14:00' },
        { day: 'tue', opens: '10:00', closes: '14:00' },
        { day: 'wed', opens: '17:00', closes: '19:00' },
      ],
      occurrences: [{ starts: '2026-12-05T12:00:00+02:00', ends: '2026-12-05T15:00:00+02:00' }],
      notes: { fi: 'Ei heinäkuussa' },
    },
    cost: { free: false, description: { fi: '2 € kahvi' } },
    languages: ['fi', 'sv', 'fi-sign'],
    accessibility: { fi: 'Luiska pääovella' },
    contact: { email: 'kahvila@kylayhdistys.example.fi', phone: '+358 40 123 4567', website: 'https://kahvila.example.fi' },
    validTo: new Date(Date.now() + 365 * 86_400_000).toISOString(),
  });
  await publish(ids.published);
  ids.scheduled = await create({ name: { fi: 'Ensi viikolla' }, validFrom: new Date(Date.now() + 7 * 86_400_000).toISOString() });
  await publish(ids.scheduled);
  ids.withdrawn = await create({ name: { fi: 'Peruttu' } });
  await publish(ids.withdrawn);
  await must('POST', `/api/v1/activities/${ids.withdrawn}/withdraw`, undefined, 200);
});

afterAll(async () => {
  await system?.stop();
});

describe('the official HSDS 3.0 schemas', () => {
  it('refuse a deliberately broken service and organization', () => {
    expect(validators.service({ id: 'x', name: 'Kahvila', status: 'open' })).toBe(false);
    expect(validators.service({ id: 'x', status: 'active' })).toBe(false);
    expect(validators.service({ id: 'x', name: 'Kahvila', status: 'active', schedules: [{ id: 's', freq: 'DAILY' }] })).toBe(false);
    expect(
      validators.service({
        id: 'x',
        name: 'K',
        status: 'active',
        service_at_locations: [{ id: 'l', location: { id: 'p', location_type: 'physical', addresss: [{ id: 'a', address_1: 'Tie 1' }] } }],
      }),
    ).toBe(false);
    expect(validators.service({ id: 'x', name: 'K', status: 'active', program: { id: 'p' } })).toBe(false);
    expect(validators.organization({ id: 'x', name: 'Yhdistys' })).toBe(false);
    expect(validators.service({ id: 'x', name: 'Kahvila', status: 'active' })).toBe(true);
  });
});

describe('services', () => {
  it('lists only published activities inside their validity window, to whoever asks', async () => {
    for (const headers of [undefined, keyHeaders, coordinatorNOHeaders]) {
      const listed = await allServiceIds(headers);
      expect(listed).toContain(hsdsId(ids.published));
      for (const hidden of [ids.draft, ids.scheduled, ids.withdrawn]) expect(listed).not.toContain(hsdsId(hidden));
    }
    expect((await system.request('GET', '/api/v1/hsds/services', { auth: false })).status).toBe(401);
  });

  it('pages with the HSDS page object; every entry is a valid HSDS service', async () => {
    const res = await system.request<Page<Service>>('GET', '/api/v1/hsds/services?per_page=1&page=1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        page_number: 1,
        size: 1,
        first_page: true,
        empty: false,
        total_pages: res.body.total_items,
        last_page: res.body.total_items === 1,
      }),
    );
    for (const service of res.body.contents) expectValid('service', service);
    const beyond = await system.request<Page<Service>>('GET', `/api/v1/hsds/services?per_page=1&page=${res.body.total_items + 1}`);
    expect(beyond.body).toEqual(expect.objectContaining({ empty: true, size: 0, last_page: true, first_page: false, contents: [] }));
    expect((await system.request('GET', '/api/v1/hsds/services?per_page=500')).status).toBe(422);
    expect((await system.request('GET', '/api/v1/hsds/services?modified_after=yesterday')).status).toBe(422);
  });

  it('modified_after leaves out what has not changed since', async () => {
    const future = await system.request<Page<Service>>(
      'GET',
      `/api/v1/hsds/services?modified_after=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
    );
    expect(future.body.contents.map((s) => s.id)).not.toContain(hsdsId(ids.published));
    const past = await system.request<Page<Service>>('GET', `/api/v1/hsds/services?per_page=200&modified_after=2020-01-01T00:00:00Z`);
    expect(past.body.contents.map((s) => s.id)).toContain(hsdsId(ids.published));
  });

  it('a service comes fully nested and valid against the HSDS schema', async () => {
    const res = await system.request<Service>('GET', `/api/v1/hsds/services/${hsdsId(ids.published)}`, { headers: keyHeaders });
    expect(res.status).toBe(200);
    const s = res.body;
    expectValid('service', s);
    expectValid('organization', s.organization);
    expect(s).toEqual(
      expect.objectContaining({
        id: hsdsId(ids.published),
        organization_id: hsdsId(organisationId),
        name: 'Kylätalon kahvila',
        alternate_name: 'Bystugans kafé / Village café',
        status: 'active',
        email: 'kahvila@kylayhdistys.example.fi',
        url: 'https://kahvila.example.fi',
        fees_description: 'Maksullinen: 2 € kahvi',
      }),
    );
    expect(s.organization.id).toBe(hsdsId(organisationId));
    expect(s.organization.organization_identifiers[0]?.identifier_scheme).toBe('FI-PRO');
    expect(s.service_areas.map((a) => [a.name, a.attributes[0]?.taxonomy_term.code])).toEqual([
      ['Kemijärvi', '320'],
      ['Rovaniemi', '698'],
    ]);
    const weekly = s.schedules.filter((x) => x.freq === 'WEEKLY').map((x) => [x.byday, x.opens_at, x.closes_at]);
    expect(weekly).toEqual(
      expect.arrayContaining([
        ['TU,TH', '10:00', '14:00'],
        ['WE', '17:00', '19:00'],
      ]),
    );
    expect(s.schedules.every((x) => typeof x.valid_to === 'string')).toBe(true);
    expect(s.schedules.find((x) => !x.freq)).toEqual(
      expect.objectContaining({ dtstart: '2026-12-05', until: '2026-12-05', opens_at: '12:00', closes_at: '15:00' }),
    );
    expect(s.service_at_locations).toHaveLength(1);
    const location = s.service_at_locations[0].location;
    expect(location.location_type).toBe('physical');
    expect(location.addresss[0]).toEqual(
      expect.objectContaining({
        address_1: 'Kylätie 1',
        city: 'Kemijärvi',
        postal_code: '98100',
        country: 'FI',
        state_province: 'Lappi',
        address_type: 'physical',
      }),
    );
    expect(s.languages.map((l) => l.code)).toEqual(['fi', 'sv', 'fse']);
    expect(s.phones.map((p) => p.number)).toEqual(['+358 40 123 4567']);
    expect(s.attributes.map((a) => [a.link_type, a.taxonomy_term.code, a.taxonomy_term.name])).toEqual([
      ['theme', 'loneliness', 'Yksinäisyyden ehkäisy'],
      ['life_stage', 'older-people', 'Ikääntyneet'],
    ]);
    // The same object every time: derived ids are stable.
    expect((await system.request<Service>('GET', `/api/v1/hsds/services/${hsdsId(ids.published)}`)).body).toEqual(s);
  });

  it('drafts, withdrawn and not-yet-valid activities do not exist; nor do ids that are not ours', async () => {
    for (const hidden of [ids.draft, ids.scheduled, ids.withdrawn]) {
      expect((await system.request('GET', `/api/v1/hsds/services/${hsdsId(hidden)}`)).status).toBe(404);
    }
    expect((await system.request('GET', '/api/v1/hsds/services/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await system.request('GET', '/api/v1/hsds/services/not-an-id')).status).toBe(404);
  });
});

describe('organizations', () => {
  it('an organization with its visible services only, valid against the HSDS schema', async () => {
    const res = await system.request<Organization>('GET', `/api/v1/hsds/organizations/${hsdsId(organisationId)}`, { headers: keyHeaders });
    expect(res.status).toBe(200);
    expectValid('organization', res.body);
    expect(res.body.name).toBe('Kemijärven Kyläyhdistys ry');
    expect(res.body.services.map((s) => s.id)).toEqual([hsdsId(ids.published)]);
    for (const service of res.body.services) expectValid('service', service);
  });

  it('pages every live organization; a deleted one is gone', async () => {
    const doomed = (
      await must<{ id: string }>(
        'POST',
        '/api/v1/organisations',
        { kind: 'association', name: { fi: 'Lakkautettava ry' }, municipalities: ['320'] },
        201,
      )
    ).id;
    await must('DELETE', `/api/v1/organisations/${doomed}`, undefined, 204);
    const listed: string[] = [];
    for (let page = 1; ; page++) {
      const res = await system.request<Page<Organization>>('GET', `/api/v1/hsds/organizations?per_page=200&page=${page}`, {
        headers: coordinatorNOHeaders,
      });
      expect(res.status).toBe(200);
      for (const o of res.body.contents) expectValid('organization', o);
      listed.push(...res.body.contents.map((o) => o.id));
      if (res.body.last_page) break;
    }
    expect(listed).toContain(hsdsId(organisationId));
    expect(listed).not.toContain(hsdsId(doomed));
    expect((await system.request('GET', `/api/v1/hsds/organizations/${hsdsId(doomed)}`)).status).toBe(404);
  });
});
