import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { REPO_ROOT, TEST_ADMIN, TestSystem } from '@yp/shared-testing';
import { describeFailures, ensureSchemathesis, runSchemathesis, type SchemathesisRun } from './schemathesis/schemathesis-run';

/**
 * Schemathesis (property-based API testing, tools/schemathesis/) against the running gateway, with
 * every check, positive and negative data and all four phases: the OpenAPI document must state what
 * the server enforces — every refusal of a request the document calls valid, every acceptance of one
 * it calls invalid, every undocumented status, header or body shape is a failure listed here.
 *
 * The Python tool installs itself on first use (tools/schemathesis/ensure-venv.sh). The run is
 * seeded (YP_SCHEMATHESIS_SEED, default 1) and bounded by YP_SCHEMATHESIS_MAX_EXAMPLES per
 * operation (default 5); its reports and output are kept in .local/test-reports/schemathesis/.
 */

const WORK_DIR = resolve(REPO_ROOT, '.local/test-reports/schemathesis');
const SEED = process.env.YP_SCHEMATHESIS_SEED ?? '1';
const MAX_EXAMPLES = process.env.YP_SCHEMATHESIS_MAX_EXAMPLES ?? '5';
/** Requests in flight: the services mostly wait on the database, so more than the two cores. */
const WORKERS = process.env.YP_SCHEMATHESIS_WORKERS ?? '4';
/** The whole Schemathesis run may take this long before the test gives up (a few minutes on an idle machine). */
const RUN_TIMEOUT_MS = 30 * 60_000;

let system: TestSystem;
let st: string;

const hsdsId = (registerId: string) =>
  registerId.slice(registerId.indexOf('_') + 1).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

async function must<T>(method: string, path: string, body: unknown, status: number): Promise<T> {
  const res = await system.request<T>(method, path, { body });
  if (res.status !== status) throw new Error(`seeding ${method} ${path}: expected ${status}, got ${res.status}: ${res.text.slice(0, 300)}`);
  return res.body;
}

/**
 * A few records of every kind the API reads by id, so that Schemathesis' reads, changes and
 * deletions reach real data (schemathesis.toml binds these ids to the path parameters).
 */
async function seed(): Promise<Record<string, string[]>> {
  const organisation = (name: string, municipality: string) =>
    must<{ id: string }>('POST', '/api/v1/organisations', { kind: 'association', name: { fi: name }, municipalities: [municipality] }, 201);
  const north = await organisation('Pudasjärven Kyläyhdistys ry', '615');
  const lapland = await organisation('Sallan Eläkkeensaajat ry', '732');
  const activity = (organisationId: string, municipality: string) =>
    must<{ id: string }>(
      'POST',
      '/api/v1/activities',
      {
        organisationId,
        name: { fi: 'Kylätuvan kahvila' },
        type: 'meeting-place',
        deliveryModes: ['at-place'],
        location: { street: 'Kylätie 1', postalCode: '93100', postOffice: 'Pudasjärvi' },
        municipalities: [municipality],
      },
      201,
    );
  const published = await activity(north.id, '615');
  await must('POST', `/api/v1/activities/${published.id}/publish`, undefined, 200);
  const draft = await activity(lapland.id, '732');
  const partnership = await must<{ id: string }>(
    'POST',
    '/api/v1/partnerships',
    {
      municipality: '615',
      partnerOrganisationIds: [north.id],
      title: { fi: 'Arjen turva Pudasjärvi' },
      themes: ['loneliness'],
      startsOn: '2027-01-01',
    },
    201,
  );
  const contact = await must<{ id: string }>(
    'POST',
    '/api/v1/contacts',
    { name: 'Maija Mäkelä', email: 'maija.makela@kylayhdistys.example.fi', language: 'fi', organisationId: north.id },
    201,
  );
  const officer = await must<{ id: string }>(
    'POST',
    '/api/v1/liaison-officers',
    { name: 'Liisa Lähde', email: 'liisa.lahde@pudasjarvi.example.fi', language: 'fi', municipalities: ['615'] },
    201,
  );
  const user = await must<{ id: string }>(
    'POST',
    '/api/v1/users',
    {
      username: 'koordinaattori@example.fi',
      displayName: 'Kaija Koordinaattori',
      roles: ['coordinator'],
      regions: ['17'],
      password: 'schemathesis-password-123',
    },
    201,
  );
  const key = await must<{ id: string }>('POST', '/api/v1/api-keys', { name: 'Palveluohjaus', regions: ['17'], access: 'read-write' }, 201);
  // A public documentation address (203.0.113.0/24): it passes the URL check without DNS, and nothing answers there.
  const subscription = await must<{ id: string }>(
    'POST',
    '/api/v1/webhooks/subscriptions',
    {
      url: 'https://203.0.113.10/yhteispeli/webhooks',
      eventTypes: ['organisations.organisation.registered.v1'],
      contactEmail: 'integraatiot@example.fi',
    },
    201,
  );
  await must(
    'PUT',
    '/api/v1/organisations/source/crm-4711',
    { kind: 'association', name: { fi: 'Lähdetunnuksen ry' }, municipalities: ['615'] },
    201,
  );
  return {
    'organisation-ids': [north.id, lapland.id],
    'activity-ids': [published.id, draft.id],
    'partnership-ids': [partnership.id],
    'person-ids': [contact.id],
    'liaison-officer-ids': [officer.id],
    'user-ids': [user.id],
    'api-key-ids': [key.id],
    'subscription-ids': [subscription.id],
    'source-ids': ['crm-4711'],
    'hsds-service-ids': [hsdsId(published.id)],
    'hsds-organization-ids': [hsdsId(north.id), hsdsId(lapland.id)],
  };
}

function report(run: SchemathesisRun): string {
  return (
    `${run.summary || `${run.cases} cases`} in ${run.seconds.toFixed(0)} s (exit ${run.exitCode}), ` +
    `${run.unavailable} answers 503; reports in ${run.reportDir}`
  );
}

describe('Schemathesis against the running gateway', () => {
  let dictionaries: Record<string, string[]>;

  beforeAll(async () => {
    st = await ensureSchemathesis();
    system = await TestSystem.start('schemathesis', ['organisations', 'notifications', 'gateway'], {
      // Thousands of requests in a few minutes, from one address and one session.
      gateway: { RATE_LIMIT_PER_MINUTE: '1000000', AUTH_RATE_LIMIT_PER_MINUTE: '1000000' },
    });
    dictionaries = await seed();
  }, 10 * 60_000);

  afterAll(async () => {
    await system?.stop();
  });

  const env = () => ({
    YP_ST_USERNAME: TEST_ADMIN.username,
    YP_ST_PASSWORD: TEST_ADMIN.password,
    YP_ST_ORGANISATION_IDS: (dictionaries['organisation-ids'] ?? []).join(','),
  });

  it('first proves it fails: a document that promises more than the server does is caught', async () => {
    const doc = (
      await system.request<{ paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>('GET', '/docs/openapi.json', {
        auth: false,
      })
    ).body;
    const vocabularies = doc.paths['/api/v1/vocabularies']?.get;
    if (!vocabularies) throw new Error('GET /api/v1/vocabularies is not in the document');
    // A field the answer does not have.
    vocabularies.responses['200'] = {
      description: 'ok',
      content: { 'application/json': { schema: { type: 'object', required: ['nonexistent'] } } },
    };
    const broken = `${WORK_DIR}-self-test.openapi.json`;
    mkdirSync(dirname(broken), { recursive: true });
    writeFileSync(broken, JSON.stringify(doc));
    const run = await runSchemathesis({
      st,
      schema: broken,
      baseUrl: system.url('gateway'),
      workDir: `${WORK_DIR}-self-test`,
      dictionaries,
      env: env(),
      args: [
        '--checks',
        'all',
        '--seed',
        SEED,
        '--max-examples',
        '3',
        '--include-path',
        '/api/v1/vocabularies',
        '--phases',
        'examples,fuzzing',
      ],
    });
    expect(run.cases).toBeGreaterThan(0);
    expect(run.failures.map((f) => f.failure)).toContain('ST108 Response violates schema');
  });

  it(
    'finds no failure: every answer is one the document promises',
    async () => {
      const run = await runSchemathesis({
        st,
        schema: `${system.url('gateway')}/docs/openapi.json`,
        baseUrl: system.url('gateway'),
        workDir: WORK_DIR,
        dictionaries,
        env: env(),
        args: ['--checks', 'all', '--seed', SEED, '--max-examples', MAX_EXAMPLES, '--workers', WORKERS],
      });
      process.stdout.write(`Schemathesis: ${report(run)}\n`);
      expect(run.cases).toBeGreaterThan(500);
      expect(describeFailures(run.failures)).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );
});
