// `npm run seed`: loads the demo data set (tools/demo-data/demo-data.json) into a running system
// through the public REST API, as the development admin. Idempotent: organisations already in the
// register (same name.fi and municipalities) are skipped, and every POST carries an Idempotency-Key
// derived from its body, so a retried run within 24 hours never creates duplicates.
//
//   node tools/seed.mjs            seed the system at GATEWAY_URL
//   node tools/seed.mjs --check    only validate the data file (no system needed)
//
// Environment: GATEWAY_URL (http://127.0.0.1:3000), SEED_USERNAME / SEED_PASSWORD (the development
// admin of tools/start.mjs), SEED_WITH_VOCABULARIES ('1' send themes/lifeStages, '0' leave them
// out; unset: send them when GET /api/v1/vocabularies exists), SEED_FORCE_OFFICERS ('1' create the
// liaison officers even when their organisations were already registered), SEED_CONCURRENCY
// (requests at once, default 8; 1 for one after another).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA_FILE = join(root, 'tools/demo-data/demo-data.json');
const MUNICIPALITIES_FILE = join(root, 'libs/contracts/reference/src/municipalities.json');
const DEMO_PREFIX = 'Esimerkkiaineisto (demo): ';
/** Fields of POST /api/v1/organisations; everything else in the data file (source, activities) stays local. */
const ORGANISATION_FIELDS = [
  'kind',
  'name',
  'businessId',
  'associationRegisterNumber',
  'description',
  'postalAddress',
  'municipalities',
  'website',
  'email',
  'phone',
];
const VOCABULARY_FIELDS = ['themes', 'lifeStages'];
const OFFICER_FIELDS = ['name', 'email', 'language', 'municipalities'];
const ACTIVITY_FIELDS = [
  'name',
  'description',
  'type',
  'deliveryModes',
  'location',
  'themes',
  'lifeStages',
  'municipalities',
  'villages',
  'schedule',
  'cost',
  'languages',
  'accessibility',
  'contact',
];

const gateway = (process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
const username = process.env.SEED_USERNAME ?? 'admin@yhteispeli.local';
const password = process.env.SEED_PASSWORD ?? 'dev-admin-password';
/** Requests in flight at once (organisations, officers, activities); 1 runs them one after another. */
const concurrency = Math.max(1, Number(process.env.SEED_CONCURRENCY ?? 8) || 8);

class SeedError extends Error {}

const data = JSON.parse(readFileSync(DATA_FILE, 'utf8'));
const problems = checkData(data);
if (problems.length > 0) {
  console.error(`${DATA_FILE} has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
if (process.argv.includes('--check')) {
  const activities = data.organisations.reduce((n, o) => n + (o.activities?.length ?? 0), 0);
  console.log(
    `Demo data OK: ${data.organisations.length} organisations, ${activities} activities, ${data.liaisonOfficers.length} liaison officers.`,
  );
  process.exit(0);
}

try {
  await seed();
} catch (error) {
  if (error instanceof SeedError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

async function seed() {
  await checkReachable();
  const token = await logIn();
  const api = client(token);

  const vocabularies = await vocabularySupport(api);
  console.log(`Seeding demo data into ${gateway} as ${username}.`);
  if (vocabularies.send) {
    const unknown = unknownVocabularyCodes(vocabularies.terms);
    if (unknown.length > 0) throw new SeedError(`The demo data uses codes the API does not know: ${unknown.join(', ')}. Fix ${DATA_FILE}.`);
  }
  console.log(`  themes and lifeStages: ${vocabularies.send ? 'sent' : 'left out'} (${vocabularies.reason})`);

  // Organisations: skip those already registered (same name.fi and municipalities).
  // Liaison officers: there is no list endpoint and duplicate emails are not refused, so the
  // organisations are the "already seeded" signal. An officer with an employing demo organisation
  // is created right after that organisation, and skipped when it was already registered; the
  // others only when some demo organisation was missing. SEED_FORCE_OFFICERS=1 creates them all.
  const existing = await listOrganisations(api);
  const idsByName = new Map(existing.map((o) => [o.name?.fi, o.id]));
  const known = new Set(existing.map((o) => identity(o)));
  const demo = data.organisations;
  const force = process.env.SEED_FORCE_OFFICERS === '1';
  const orgs = { created: 0, skipped: 0, failed: 0 };
  const officers = { created: 0, skipped: 0, failed: 0 };
  const officersSkipped = { registered: 0, waiting: 0 };
  const failures = [];
  const officersOf = (name) => data.liaisonOfficers.filter((o) => o.organisation === name);
  let anyMissing = false;

  const post = async (path, label, body, tally) => {
    const res = await api.post(path, body);
    if (res.ok && res.replayed) {
      tally.skipped += 1;
      console.log(`  skipped  ${label}: an earlier run created it (Idempotency-Key replay)`);
    } else if (res.ok) {
      tally.created += 1;
      console.log(`  created  ${label}`);
    } else {
      tally.failed += 1;
      failures.push(describeFailure(label, res));
    }
    return res;
  };
  const postOfficer = (item) => {
    const body = pick(item, OFFICER_FIELDS);
    const organisationId = item.organisation ? idsByName.get(item.organisation) : undefined;
    if (organisationId) body.organisationId = organisationId;
    return post('/api/v1/liaison-officers', `liaison officer "${item.name}"`, body, officers);
  };

  // Organisations (each followed by its officers) and then activities go SEED_CONCURRENCY at a time:
  // the write path takes parallel requests, so the seed runs at its speed rather than one round trip
  // after another.
  const started = performance.now();
  await inParallel(demo, async (item) => {
    const label = `organisation "${item.name.fi}"`;
    if (known.has(identity(item))) {
      orgs.skipped += 1;
      if (!force) officersSkipped.registered += officersOf(item.name.fi).length;
      return;
    }
    anyMissing = true;
    const body = pick(item, vocabularies.send ? [...ORGANISATION_FIELDS, ...VOCABULARY_FIELDS] : ORGANISATION_FIELDS);
    const res = await post('/api/v1/organisations', label, body, orgs);
    if (!res.ok) {
      if (!force) officersSkipped.waiting += officersOf(item.name.fi).length; // next run, with the organisation
      return;
    }
    known.add(identity(item));
    if (res.body?.id) idsByName.set(item.name.fi, res.body.id);
    if (!force) for (const officer of officersOf(item.name.fi)) await postOfficer(officer);
  });
  const unattached = data.liaisonOfficers.filter((o) => force || !o.organisation);
  await inParallel(unattached, async (officer) => {
    if (force || anyMissing) await postOfficer(officer);
    else officersSkipped.registered += 1;
  });
  officers.skipped += officersSkipped.registered + officersSkipped.waiting;
  const notes = [];
  if (officersSkipped.registered > 0)
    notes.push(`${officersSkipped.registered} whose organisation was already registered (SEED_FORCE_OFFICERS=1 creates them anyway)`);
  if (officersSkipped.waiting > 0) notes.push(`${officersSkipped.waiting} waiting for their organisation to be created`);
  const officersNote = notes.length > 0 ? ` — skipped: ${notes.join(', ')}` : '';

  // Activities: per demo organisation, those whose name.fi it does not have yet are created and published.
  const activities = { created: 0, skipped: 0, failed: 0 };
  await inParallel(demo, async (item) => {
    const organisationId = idsByName.get(item.name.fi);
    if (!organisationId) return;
    const have = new Set((await listActivities(api, organisationId)).map((a) => a.name?.fi));
    for (const activity of item.activities ?? []) {
      const label = `activity "${activity.name.fi}"`;
      if (have.has(activity.name.fi)) {
        activities.skipped += 1;
        continue;
      }
      const res = await post('/api/v1/activities', label, { organisationId, ...pick(activity, ACTIVITY_FIELDS) }, activities);
      if (!res.ok) continue;
      const published = await api.post(`/api/v1/activities/${res.body.id}/publish`, undefined);
      if (!published.ok) failures.push(describeFailure(`publishing ${label}`, published));
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const writes = orgs.created + officers.created + activities.created * 2;

  for (const failure of failures) console.error(failure);
  console.log(`
Organisations     ${count(orgs)}
Liaison officers  ${count(officers)}${officersNote}
Activities        ${count(activities)} (created ones are published)
Took ${seconds.toFixed(1)} s: ${(writes / seconds).toFixed(1)} writes/s (${concurrency} at a time; SEED_CONCURRENCY)`);
  const failed = orgs.failed + officers.failed + activities.failed;
  if (failed > 0) {
    console.error(`\n${failed} item(s) failed; fix the cause and run \`npm run seed\` again (it skips what is already there).`);
    process.exit(1);
  }
  console.log(`\nDemo data is marked "(demo)": list it with GET ${gateway}/api/v1/organisations?q=demo`);
}

/** `fn` over `items`, `concurrency` at a time (the order of the output lines varies). */
async function inParallel(items, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

// ------------------------------------------------------------------ HTTP

async function checkReachable() {
  let res;
  try {
    res = await fetch(`${gateway}/health/ready`, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw new SeedError(
      `Cannot reach the gateway at ${gateway} (${error.cause?.code ?? error.message}): start the system with \`npm start\` first, or set GATEWAY_URL.`,
    );
  }
  if (!res.ok)
    throw new SeedError(
      `The gateway at ${gateway} is not ready (health ${res.status}): wait for \`npm start\` to print "Yhteispeli is running" and try again.`,
    );
}

async function logIn() {
  const res = await request('POST', '/api/v1/auth/token', { body: { username, password } });
  if (res.status === 401)
    throw new SeedError(`Login as ${username} was refused: set SEED_USERNAME and SEED_PASSWORD to an admin or coordinator account.`);
  if (!res.ok || typeof res.body?.accessToken !== 'string') throw new SeedError(describeFailure(`login as ${username}`, res));
  return res.body.accessToken;
}

function client(token) {
  return {
    get: (path) => request('GET', path, { token }),
    post: (path, body) => request('POST', path, { token, body, idempotencyKey: idempotencyKey(path, body) }),
  };
}

/** One request; 429 and 503 are retried (safe: POSTs carry an Idempotency-Key, and 5xx frees it). */
async function request(method, path, { token, body, idempotencyKey: key } = {}) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key) headers['idempotency-key'] = key;
  for (let attempt = 1; ; attempt += 1) {
    let res;
    try {
      res = await fetch(`${gateway}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30000),
      });
    } catch (error) {
      throw new SeedError(
        `${method} ${path} failed (${error.cause?.code ?? error.message}): is the system still running? Start it with \`npm start\`.`,
      );
    }
    const text = await res.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    const inProgress = res.status === 409 && parsed?.code === 'REQUEST.IDEMPOTENCY_KEY_IN_USE';
    if ((res.status === 429 || res.status === 503 || inProgress) && attempt < 5) {
      const wait = Math.min(30, Number(res.headers.get('retry-after')) || attempt);
      await new Promise((r) => setTimeout(r, wait * 1000));
      continue;
    }
    return { ok: res.ok, status: res.status, body: parsed, replayed: res.headers.get('idempotent-replayed') === 'true' };
  }
}

/** Stable per request body: the same item sent again within 24 h is replayed, a changed one is new. */
function idempotencyKey(path, body) {
  return `yp-seed-${createHash('sha256')
    .update(`POST ${path}\n${JSON.stringify(body)}`)
    .digest('hex')
    .slice(0, 40)}`;
}

async function listActivities(api, organisationId) {
  const all = [];
  let cursor = null;
  do {
    const res = await api.get(
      `/api/v1/activities?organisationId=${organisationId}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (!res.ok) throw new SeedError(describeFailure('listing activities', res));
    all.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return all;
}

async function listOrganisations(api) {
  const all = [];
  let cursor = null;
  do {
    const res = await api.get(`/api/v1/organisations?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (!res.ok) throw new SeedError(describeFailure('listing the organisations', res));
    all.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return all;
}

/** themes/lifeStages are sent only where the API has them: forced by SEED_WITH_VOCABULARIES, else detected. */
async function vocabularySupport(api) {
  const setting = process.env.SEED_WITH_VOCABULARIES;
  const res = await api.get('/api/v1/vocabularies');
  const terms = res.ok ? res.body : undefined;
  if (setting === '0') return { send: false, reason: 'SEED_WITH_VOCABULARIES=0' };
  if (setting === '1') return { send: true, terms, reason: 'SEED_WITH_VOCABULARIES=1' };
  if (res.ok) return { send: true, terms, reason: 'GET /api/v1/vocabularies answers 200' };
  if (res.status === 404) return { send: false, reason: 'GET /api/v1/vocabularies answers 404: this API does not have them yet' };
  throw new SeedError(describeFailure('GET /api/v1/vocabularies', res));
}

function unknownVocabularyCodes(terms) {
  if (!terms || !Array.isArray(terms.themes) || !Array.isArray(terms.lifeStages)) return [];
  const themes = new Set(terms.themes.map((t) => t.code));
  const lifeStages = new Set(terms.lifeStages.map((t) => t.code));
  const kinds = Array.isArray(terms.organisationKinds) ? new Set(terms.organisationKinds) : undefined;
  const unknown = new Set();
  const visit = (item) => {
    for (const code of item.themes ?? []) if (!themes.has(code)) unknown.add(`theme ${code}`);
    for (const code of item.lifeStages ?? []) if (!lifeStages.has(code)) unknown.add(`life stage ${code}`);
  };
  for (const org of data.organisations) {
    visit(org);
    for (const activity of org.activities ?? []) visit(activity);
    if (kinds && !kinds.has(org.kind)) unknown.add(`organisation kind ${org.kind}`);
  }
  return [...unknown];
}

// ------------------------------------------------------------------ data

/** Offline checks: official municipality codes only, demo markers, no business IDs invented. */
function checkData(d) {
  const out = [];
  const codes = new Set(JSON.parse(readFileSync(MUNICIPALITIES_FILE, 'utf8')).municipalities.map((m) => m.code));
  if (!Array.isArray(d.organisations) || !Array.isArray(d.liaisonOfficers)) return ['organisations and liaisonOfficers must be arrays'];
  const seen = new Set();
  const checkMunicipalities = (where, list) => {
    if (!Array.isArray(list) || list.length === 0) out.push(`${where}: municipalities is empty`);
    for (const code of list ?? [])
      if (!codes.has(code)) out.push(`${where}: ${code} is not an official municipality code of regions 17 and 19`);
  };
  for (const org of d.organisations) {
    const where = `organisation "${org.name?.fi}"`;
    if (!org.description?.fi?.startsWith(DEMO_PREFIX)) out.push(`${where}: description.fi must start with "${DEMO_PREFIX}"`);
    if (!org.source) out.push(`${where}: no source`);
    if (org.businessId) out.push(`${where}: no business IDs in demo data (they would be invented)`);
    if (seen.has(identity(org))) out.push(`${where}: listed twice`);
    seen.add(identity(org));
    checkMunicipalities(where, org.municipalities);
    for (const activity of org.activities ?? []) {
      const at = `${where}, activity "${activity.name?.fi}"`;
      if (!activity.description?.fi?.startsWith(DEMO_PREFIX)) out.push(`${at}: description.fi must start with "${DEMO_PREFIX}"`);
      checkMunicipalities(at, activity.municipalities);
    }
  }
  const orgNames = new Set(d.organisations.map((o) => o.name.fi));
  for (const officer of d.liaisonOfficers) {
    const where = `liaison officer "${officer.name}"`;
    if (!/@[a-z0-9-]+\.example\.fi$/.test(officer.email ?? '')) out.push(`${where}: email must be on an example.fi domain`);
    if (officer.organisation && !orgNames.has(officer.organisation))
      out.push(`${where}: organisation "${officer.organisation}" is not in the data set`);
    checkMunicipalities(where, officer.municipalities);
  }
  return out;
}

function identity(org) {
  return `${org.name?.fi}\n${[...(org.municipalities ?? [])].sort().join(',')}`;
}

function pick(item, fields) {
  return Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]));
}

function count({ created, skipped, failed }) {
  return `${created} created, ${skipped} skipped, ${failed} failed`;
}

function describeFailure(label, res) {
  const p = res.body && typeof res.body === 'object' ? res.body : {};
  const lines = [
    `  FAILED   ${label}: ${res.status} ${p.detail ?? p.title ?? (typeof res.body === 'string' ? res.body.slice(0, 200) : '')}`.trimEnd(),
  ];
  for (const e of Array.isArray(p.errors) ? p.errors : [])
    lines.push(`             ${e.field ? `${e.field}: ` : ''}${e.message ?? JSON.stringify(e)}`);
  if (p.correlationId) lines.push(`             correlation id ${p.correlationId}`);
  return lines.join('\n');
}
