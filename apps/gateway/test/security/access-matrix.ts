/**
 * Who may do what, route × role × region, as data. Every resource the API gains joins with one
 * entry here; the security suite turns each cell into a test against the real system and checks
 * that a refused write changed nothing.
 *
 * Principals: people with a role in North Ostrobothnia (17) or Lapland (19), API keys of one region
 * (read-write or read-only), and nobody.
 */
export const PRINCIPALS = ['admin', 'coordinatorNO', 'coordinatorLA', 'liaisonLA', 'keyLA', 'readKeyNO', 'anonymous'] as const;
export type Principal = (typeof PRINCIPALS)[number];

/** What the suite creates before the matrix runs (as admin). */
export interface Fixtures {
  /** An organisation serving Pudasjärvi (615, region 17) and one serving Rovaniemi (698, region 19). */
  readonly organisationNO: string;
  readonly organisationLA: string;
  readonly officerNO: string;
  readonly officerLA: string;
  readonly userLA: string;
  readonly keyLA: string;
  /**
   * Contact persons (ids are person ids): of organisationNO, and of a Rovaniemi organisation that no
   * entry changes (a contact follows its organisation's regions, and organisationLA is extended above).
   */
  readonly contactNO: string;
  readonly contactOrganisationLA: string;
  readonly contactLA: string;
  /** A draft activity in Pudasjärvi and a published one in Rovaniemi. */
  readonly activityDraftNO: string;
  readonly activityLA: string;
  /** A draft partnership agreement of Rovaniemi (698, region 19) with contactOrganisationLA as partner. */
  readonly partnershipLA: string;
}

export interface MatrixEntry {
  readonly resource: string;
  readonly action: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: (f: Fixtures) => string;
  readonly body?: (f: Fixtures, principal: Principal) => unknown;
  /** A non-JSON body (the CSV import); set its content-type in `headers`. */
  readonly rawBody?: (f: Fixtures, principal: Principal) => string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Expected status per principal. */
  readonly expect: Readonly<Record<Principal, number>>;
  /** What a refused call must leave unchanged (read as admin, before and after). */
  readonly witness?:
    | 'partnership-count'
    | 'partnershipLA'
    | 'contact-count'
    | 'contactNO'
    | 'activity-count'
    | 'activityDraftNO'
    | 'organisation-count'
    | 'organisationNO'
    | 'organisationLA'
    | 'officer-count'
    | 'user-count'
    | 'key-count'
    | 'userLA'
    | 'keyLA';
}

const all = (status: number, except: Partial<Record<Principal, number>> = {}): Record<Principal, number> => ({
  admin: status,
  coordinatorNO: status,
  coordinatorLA: status,
  liaisonLA: status,
  keyLA: status,
  readKeyNO: status,
  anonymous: 401,
  ...except,
});

const unique = (principal: Principal) => `${principal} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** One source id for the PUT and GET entries by source id: each principal binds it in its own namespace. */
const MATRIX_SOURCE_ID = `matrix-${Date.now().toString(36)}`;
/** The HSDS id of a register id: the same UUID, with dashes. */
const hsdsId = (registerId: string) =>
  registerId.slice(registerId.indexOf('_') + 1).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

export const ACCESS_MATRIX: readonly MatrixEntry[] = [
  // --- organisations: the published register is readable by every role; writes only in your regions.
  {
    resource: 'organisations',
    action: 'register in Lapland',
    method: 'POST',
    path: () => '/api/v1/organisations',
    body: (_f, p) => ({ kind: 'association', name: { fi: `Lapin testiyhdistys ${unique(p)}` }, municipalities: ['698'] }),
    expect: all(403, { admin: 201, coordinatorLA: 201, keyLA: 201 }),
    witness: 'organisation-count',
  },
  {
    resource: 'organisations',
    action: 'register in North Ostrobothnia',
    method: 'POST',
    path: () => '/api/v1/organisations',
    body: (_f, p) => ({ kind: 'association', name: { fi: `Pohjois-Pohjanmaan testiyhdistys ${unique(p)}` }, municipalities: ['615'] }),
    expect: all(403, { admin: 201, coordinatorNO: 201 }),
    witness: 'organisation-count',
  },
  {
    resource: 'organisations',
    action: 'register spanning both regions',
    method: 'POST',
    path: () => '/api/v1/organisations',
    body: (_f, p) => ({ kind: 'association', name: { fi: `Kahden maakunnan yhdistys ${unique(p)}` }, municipalities: ['615', '698'] }),
    expect: all(403, { admin: 201 }),
    witness: 'organisation-count',
  },
  {
    resource: 'organisations',
    action: 'change a North Ostrobothnia organisation',
    method: 'PATCH',
    path: (f) => `/api/v1/organisations/${f.organisationNO}`,
    body: (_f, p) => ({ name: { fi: `Muutettu ${unique(p)}` } }),
    expect: all(403, { admin: 200, coordinatorNO: 200 }),
    witness: 'organisationNO',
  },
  {
    resource: 'organisations',
    action: 'change a Lapland organisation',
    method: 'PATCH',
    path: (f) => `/api/v1/organisations/${f.organisationLA}`,
    body: (_f, p) => ({ name: { fi: `Muutettu ${unique(p)}` } }),
    expect: all(403, { admin: 200, coordinatorLA: 200, keyLA: 200 }),
    witness: 'organisationLA',
  },
  {
    resource: 'organisations',
    action: 'remove a Lapland organisation with a stale version',
    method: 'DELETE',
    path: (f) => `/api/v1/organisations/${f.organisationLA}`,
    // If-Match "999" below never matches: who may delete gets 412, who may not gets 403, nothing changes.
    headers: { 'if-match': '"999"' },
    expect: all(403, { admin: 412, coordinatorLA: 412, keyLA: 412 }),
    witness: 'organisationLA',
  },
  {
    resource: 'organisations',
    action: 'extend a Lapland organisation into North Ostrobothnia',
    method: 'POST',
    path: (f) => `/api/v1/organisations/${f.organisationLA}/municipalities`,
    body: () => ({ code: '564' }),
    expect: all(403, { admin: 200 }),
    witness: 'organisationLA',
  },
  {
    resource: 'organisations',
    action: 'read a North Ostrobothnia organisation',
    method: 'GET',
    path: (f) => `/api/v1/organisations/${f.organisationNO}`,
    expect: all(200),
  },
  {
    resource: 'organisations',
    action: 'list',
    method: 'GET',
    path: () => '/api/v1/organisations?region=19',
    expect: all(200),
  },
  {
    resource: 'organisations',
    action: 'read the change feed',
    method: 'GET',
    path: () => '/api/v1/organisations/changes',
    expect: all(200),
  },
  {
    resource: 'organisations',
    action: 'import a CSV file (dry run; the region rule applies per row inside the 200 report)',
    method: 'POST',
    path: () => '/api/v1/organisations/import?dryRun=true',
    headers: { 'content-type': 'text/csv' },
    rawBody: (_f, p) => `kind;name_fi;municipalities\nassociation;Tuotava yhdistys ${unique(p)};698\n`,
    expect: all(403, { admin: 200, coordinatorNO: 200, coordinatorLA: 200, keyLA: 200 }),
    witness: 'organisation-count',
  },
  {
    resource: 'organisations',
    action: 'export as CSV',
    method: 'GET',
    path: () => '/api/v1/organisations/export.csv?region=19',
    expect: all(200),
  },
  {
    resource: 'organisations',
    action: 'export as NDJSON',
    method: 'GET',
    path: () => '/api/v1/organisations/export.ndjson?region=19',
    expect: all(200),
  },
  // --- organisations by the caller's own source id (each principal binds MATRIX_SOURCE_ID in its own namespace)
  {
    resource: 'organisations',
    action: 'upsert by own source id in Lapland',
    method: 'PUT',
    path: () => `/api/v1/organisations/source/${MATRIX_SOURCE_ID}`,
    body: (_f, p) => ({ kind: 'association', name: { fi: `Lähdeyhdistys ${unique(p)}` }, municipalities: ['698'] }),
    expect: all(403, { admin: 201, coordinatorLA: 201, keyLA: 201 }),
    witness: 'organisation-count',
  },
  {
    resource: 'organisations',
    action: 'read by own source id (bound above only by those who could write)',
    method: 'GET',
    path: () => `/api/v1/organisations/source/${MATRIX_SOURCE_ID}`,
    expect: all(404, { admin: 200, coordinatorLA: 200, keyLA: 200 }),
  },
  {
    resource: 'organisations',
    action: 'upsert by own source id spanning both regions',
    method: 'PUT',
    path: () => `/api/v1/organisations/source/matrix-${Math.random().toString(36).slice(2, 10)}`,
    body: (_f, p) => ({ kind: 'association', name: { fi: `Kahden maakunnan lähdeyhdistys ${unique(p)}` }, municipalities: ['615', '698'] }),
    expect: all(403, { admin: 201 }),
    witness: 'organisation-count',
  },
  // --- hsds: the published register, the same for everyone.
  { resource: 'hsds', action: 'list HSDS services', method: 'GET', path: () => '/api/v1/hsds/services', expect: all(200) },
  {
    resource: 'hsds',
    action: 'read the published Lapland activity as an HSDS service',
    method: 'GET',
    path: (f) => `/api/v1/hsds/services/${hsdsId(f.activityLA)}`,
    expect: all(200),
  },
  {
    resource: 'hsds',
    action: 'a draft is never an HSDS service',
    method: 'GET',
    path: (f) => `/api/v1/hsds/services/${hsdsId(f.activityDraftNO)}`,
    expect: all(404),
  },
  { resource: 'hsds', action: 'list HSDS organizations', method: 'GET', path: () => '/api/v1/hsds/organizations', expect: all(200) },
  {
    resource: 'hsds',
    action: 'read an HSDS organization',
    method: 'GET',
    path: (f) => `/api/v1/hsds/organizations/${hsdsId(f.organisationNO)}`,
    expect: all(200),
  },
  { resource: 'reference', action: 'read the vocabularies', method: 'GET', path: () => '/api/v1/vocabularies', expect: all(200) },
  // --- activities: drafts only within their regions and never for keys; published ones for all.
  {
    resource: 'activities',
    action: 'read a North Ostrobothnia draft',
    method: 'GET',
    path: (f) => `/api/v1/activities/${f.activityDraftNO}`,
    expect: all(404, { admin: 200, coordinatorNO: 200 }),
  },
  {
    resource: 'activities',
    action: 'read a published Lapland activity',
    method: 'GET',
    path: (f) => `/api/v1/activities/${f.activityLA}`,
    expect: all(200),
  },
  {
    resource: 'activities',
    action: 'create in Lapland',
    method: 'POST',
    path: () => '/api/v1/activities',
    // A Lapland-only organisation (organisationLA is extended into North Ostrobothnia above).
    body: (f, p) => ({
      organisationId: f.contactOrganisationLA,
      name: { fi: `Matriisin toiminta ${p}` },
      type: 'peer-support',
      deliveryModes: ['remote'],
      municipalities: ['698'],
    }),
    expect: all(403, { admin: 201, coordinatorLA: 201, keyLA: 201 }),
    witness: 'activity-count',
  },
  {
    resource: 'activities',
    action: 'change the North Ostrobothnia draft',
    method: 'PATCH',
    path: (f) => `/api/v1/activities/${f.activityDraftNO}`,
    body: (_f, p) => ({ name: { fi: `Muutettu ${p}` } }),
    // People of other regions and keys cannot see a draft at all: 404, not 403.
    expect: all(403, { admin: 200, coordinatorNO: 200, coordinatorLA: 404, keyLA: 404 }),
    witness: 'activityDraftNO',
  },
  {
    resource: 'activities',
    action: 'remove the North Ostrobothnia draft with a stale version',
    method: 'DELETE',
    path: (f) => `/api/v1/activities/${f.activityDraftNO}`,
    // If-Match "999" never matches: who may delete gets 412, who cannot see the draft 404, the rest 403; nothing changes.
    headers: { 'if-match': '"999"' },
    expect: all(403, { admin: 412, coordinatorNO: 412, coordinatorLA: 404, keyLA: 404 }),
    witness: 'activityDraftNO',
  },
  {
    resource: 'activities',
    action: 'remove the published Lapland activity with a stale version',
    method: 'DELETE',
    path: (f) => `/api/v1/activities/${f.activityLA}`,
    headers: { 'if-match': '"999"' },
    // Everyone sees it; only writers of Lapland get as far as If-Match. A deletion would lower the count.
    expect: all(403, { admin: 412, coordinatorLA: 412, keyLA: 412 }),
    witness: 'activity-count',
  },
  // --- liaison officers: personal data, visible only within your regions; appointed by people.
  {
    resource: 'liaison-officers',
    action: 'appoint in North Ostrobothnia',
    method: 'POST',
    path: () => '/api/v1/liaison-officers',
    body: (_f, p) => ({
      name: 'Testi Yhdyshenkilö',
      email: `${p.toLowerCase()}.${Date.now()}@ii.example.fi`,
      language: 'fi',
      municipalities: ['139'],
    }),
    expect: all(403, { admin: 201, coordinatorNO: 201 }),
    witness: 'officer-count',
  },
  {
    resource: 'liaison-officers',
    action: 'appoint in Lapland',
    method: 'POST',
    path: () => '/api/v1/liaison-officers',
    body: (_f, p) => ({
      name: 'Testi Yhdyshenkilö',
      email: `${p.toLowerCase()}.${Date.now()}@kemijarvi.example.fi`,
      language: 'fi',
      municipalities: ['320'],
    }),
    expect: all(403, { admin: 201, coordinatorLA: 201 }),
    witness: 'officer-count',
  },
  {
    resource: 'liaison-officers',
    action: 'read a North Ostrobothnia officer',
    method: 'GET',
    path: (f) => `/api/v1/liaison-officers/${f.officerNO}`,
    expect: all(404, { admin: 200, coordinatorNO: 200, readKeyNO: 200 }),
  },
  {
    resource: 'liaison-officers',
    action: 'read a Lapland officer',
    method: 'GET',
    path: (f) => `/api/v1/liaison-officers/${f.officerLA}`,
    expect: all(404, { admin: 200, coordinatorLA: 200, liaisonLA: 200, keyLA: 200 }),
  },
  {
    resource: 'liaison-officers',
    action: 'end a North Ostrobothnia appointment (idempotent)',
    method: 'DELETE',
    path: (f) => `/api/v1/liaison-officers/${f.officerNO}`,
    // Outside their regions the officer does not exist for a coordinator; keys and liaison officers may not appoint.
    expect: all(403, { admin: 204, coordinatorNO: 204, coordinatorLA: 404 }),
  },
  // --- contacts: personal data of the organisation's regions (404 outside them); written by people only.
  {
    resource: 'contacts',
    action: 'add to a North Ostrobothnia organisation',
    method: 'POST',
    path: () => '/api/v1/contacts',
    body: (f, p) => ({
      name: 'Testi Yhteyshenkilö',
      email: `${p.toLowerCase()}.${Date.now()}@kylayhdistys.example.fi`,
      language: 'fi',
      organisationId: f.organisationNO,
    }),
    expect: all(403, { admin: 201, coordinatorNO: 201 }),
    witness: 'contact-count',
  },
  {
    resource: 'contacts',
    action: 'add to a Lapland organisation',
    method: 'POST',
    path: () => '/api/v1/contacts',
    body: (f, p) => ({
      name: 'Testi Yhteyshenkilö',
      email: `${p.toLowerCase()}.${Date.now()}@lappi.example.fi`,
      language: 'sv',
      organisationId: f.contactOrganisationLA,
    }),
    // Keys may read personal data in their regions but never write it.
    expect: all(403, { admin: 201, coordinatorLA: 201 }),
    witness: 'contact-count',
  },
  {
    resource: 'contacts',
    action: 'read a North Ostrobothnia contact',
    method: 'GET',
    path: (f) => `/api/v1/contacts/${f.contactNO}`,
    expect: all(404, { admin: 200, coordinatorNO: 200, readKeyNO: 200 }),
  },
  {
    resource: 'contacts',
    action: 'read a Lapland contact',
    method: 'GET',
    path: (f) => `/api/v1/contacts/${f.contactLA}`,
    expect: all(404, { admin: 200, coordinatorLA: 200, liaisonLA: 200, keyLA: 200 }),
  },
  {
    resource: 'contacts',
    action: 'list a North Ostrobothnia organisation’s contacts (empty outside the region)',
    method: 'GET',
    path: (f) => `/api/v1/contacts?organisationId=${f.organisationNO}`,
    expect: all(200),
  },
  {
    resource: 'contacts',
    action: 'change a North Ostrobothnia contact',
    method: 'PATCH',
    path: (f) => `/api/v1/contacts/${f.contactNO}`,
    body: (_f, p) => ({ title: `Muutettu ${unique(p)}` }),
    // A coordinator of Lapland passes the gateway but cannot see the contact: 404, not 403.
    expect: all(403, { admin: 200, coordinatorNO: 200, coordinatorLA: 404 }),
    witness: 'contactNO',
  },
  {
    resource: 'contacts',
    action: 'remove (erase) a North Ostrobothnia contact, with a stale If-Match so the fixture stays',
    method: 'DELETE',
    path: (f) => `/api/v1/contacts/${f.contactNO}`,
    headers: { 'if-match': '"999"' },
    // Those who may remove it reach the version check (412); Lapland's coordinator cannot see it (404).
    expect: all(403, { admin: 412, coordinatorNO: 412, coordinatorLA: 404 }),
    witness: 'contactNO',
  },
  // --- persons (GDPR): export by admins and coordinators of the person's regions; erasure by admins only.
  {
    resource: 'persons',
    action: 'export a North Ostrobothnia person',
    method: 'GET',
    path: (f) => `/api/v1/persons/${f.contactNO}/export`,
    expect: all(403, { admin: 200, coordinatorNO: 200, coordinatorLA: 404 }),
  },
  {
    resource: 'persons',
    action: 'erase a person nobody knows',
    method: 'POST',
    path: () => '/api/v1/persons/per_00000000000000000000000000000000/erase',
    expect: all(403, { admin: 404 }),
  },
  {
    resource: 'persons',
    action: 'read the erasure progress of a person nobody asked to erase',
    method: 'GET',
    path: () => '/api/v1/persons/per_00000000000000000000000000000000/erasure',
    expect: all(403, { admin: 404 }),
  },
  // --- user management: admins only.
  { resource: 'users', action: 'list', method: 'GET', path: () => '/api/v1/users', expect: all(403, { admin: 200 }) },
  { resource: 'users', action: 'read one', method: 'GET', path: (f) => `/api/v1/users/${f.userLA}`, expect: all(403, { admin: 200 }) },
  {
    resource: 'users',
    action: 'create',
    method: 'POST',
    path: () => '/api/v1/users',
    body: (_f, p) => ({
      username: `${p.toLowerCase()}.${Date.now().toString(36)}@example.fi`,
      displayName: 'Uusi Käyttäjä',
      roles: ['coordinator'],
      regions: ['19'],
      password: 'a-long-enough-password',
    }),
    expect: all(403, { admin: 201 }),
    witness: 'user-count',
  },
  {
    resource: 'users',
    action: 'change a user',
    method: 'PATCH',
    path: (f) => `/api/v1/users/${f.userLA}`,
    body: () => ({ displayName: 'Lapin koordinaattori' }),
    expect: all(403, { admin: 200 }),
    witness: 'userLA',
  },
  // --- API keys: admins only.
  { resource: 'api-keys', action: 'list', method: 'GET', path: () => '/api/v1/api-keys', expect: all(403, { admin: 200 }) },
  { resource: 'api-keys', action: 'read one', method: 'GET', path: (f) => `/api/v1/api-keys/${f.keyLA}`, expect: all(403, { admin: 200 }) },
  {
    resource: 'api-keys',
    action: 'create',
    method: 'POST',
    path: () => '/api/v1/api-keys',
    body: () => ({ name: 'Matrix key', regions: ['19'], access: 'read-write' }),
    expect: all(403, { admin: 201 }),
    witness: 'key-count',
  },
  {
    resource: 'api-keys',
    action: 'rotate (an unknown key, so the fixtures keep their secrets)',
    method: 'POST',
    path: () => '/api/v1/api-keys/key_0000000000/rotate',
    body: () => ({}),
    expect: all(403, { admin: 404 }),
    witness: 'key-count',
  },
  // --- audit trail and delivery log: admins only.
  { resource: 'audit-events', action: 'list', method: 'GET', path: () => '/api/v1/audit-events', expect: all(403, { admin: 200 }) },
  {
    resource: 'deliveries',
    action: 'list',
    method: 'GET',
    path: () => '/api/v1/notifications/deliveries',
    expect: all(403, { admin: 200 }),
  },
  // --- address holds (bounced addresses, masked): coordinators and admins, every region.
  {
    resource: 'address-holds',
    action: 'list',
    method: 'GET',
    path: () => '/api/v1/notifications/address-holds',
    expect: all(403, { admin: 200, coordinatorNO: 200, coordinatorLA: 200 }),
  },
  {
    resource: 'address-holds',
    action: 'release (an unknown hold)',
    method: 'DELETE',
    path: () => `/api/v1/notifications/address-holds/${'0'.repeat(32)}`,
    expect: all(403, { admin: 404, coordinatorNO: 404, coordinatorLA: 404 }),
  },
  // --- the caller's own identity.
  { resource: 'auth', action: 'who am I', method: 'GET', path: () => '/api/v1/auth/me', expect: all(200) },
  // --- partnerships: public register data, read by everyone; written within the municipality's region.
  { resource: 'partnerships', action: 'list agreements', method: 'GET', path: () => '/api/v1/partnerships', expect: all(200) },
  {
    resource: 'partnerships',
    action: 'read a Lapland agreement',
    method: 'GET',
    path: (f) => `/api/v1/partnerships/${f.partnershipLA}`,
    expect: all(200),
  },
  {
    resource: 'partnerships',
    action: 'record an agreement in Lapland',
    method: 'POST',
    path: () => '/api/v1/partnerships',
    body: (f, p) => ({
      municipality: '698',
      partnerOrganisationIds: [f.contactOrganisationLA],
      title: { fi: `Matriisin sopimus ${unique(p)}` },
      themes: [],
      startsOn: '2027-01-01',
    }),
    expect: all(403, { admin: 201, coordinatorLA: 201, keyLA: 201 }),
    witness: 'partnership-count',
  },
  {
    resource: 'partnerships',
    action: 'record an agreement in North Ostrobothnia',
    method: 'POST',
    path: () => '/api/v1/partnerships',
    body: (f, p) => ({
      municipality: '615',
      partnerOrganisationIds: [f.organisationNO],
      title: { fi: `Matriisin sopimus ${unique(p)}` },
      themes: [],
      startsOn: '2027-01-01',
    }),
    // readKeyNO is of the region but read-only.
    expect: all(403, { admin: 201, coordinatorNO: 201 }),
    witness: 'partnership-count',
  },
  {
    resource: 'partnerships',
    action: 'change the Lapland agreement',
    method: 'PATCH',
    path: (f) => `/api/v1/partnerships/${f.partnershipLA}`,
    body: (_f, p) => ({ title: { fi: `Muutettu ${unique(p)}` } }),
    expect: all(403, { admin: 200, coordinatorLA: 200, keyLA: 200 }),
    witness: 'partnershipLA',
  },
  {
    resource: 'partnerships',
    action: 'remove the Lapland agreement with a stale version',
    method: 'DELETE',
    path: (f) => `/api/v1/partnerships/${f.partnershipLA}`,
    // If-Match "999" never matches: who may delete gets 412, who may not gets 403; the shared fixture stays.
    // Successful deletions are proven in apps/organisations/test/partnerships.e2e-spec.ts.
    headers: { 'if-match': '"999"' },
    expect: all(403, { admin: 412, coordinatorLA: 412, keyLA: 412 }),
    witness: 'partnershipLA',
  },
  {
    resource: 'partnerships',
    action: 'remove an unknown agreement',
    method: 'DELETE',
    path: () => '/api/v1/partnerships/prt_00000000000000000000000000000000',
    // Writers reach the service (404); the other roles are refused at the gateway first.
    expect: all(403, { admin: 404, coordinatorNO: 404, coordinatorLA: 404, keyLA: 404 }),
    witness: 'partnership-count',
  },
  // --- webhooks: integrations (API keys, read or read-write) subscribe within their own regions and see only
  // their own subscriptions; admins manage all; people of other roles are told by email instead.
  {
    resource: 'webhooks',
    action: 'subscribe to Lapland events',
    method: 'POST',
    path: () => '/api/v1/webhooks/subscriptions',
    // A public documentation address (203.0.113.0/24): it passes the URL check without DNS, and nothing answers there.
    body: (_f, p) => ({
      url: `https://203.0.113.10/matrix/${p}`,
      eventTypes: ['organisations.organisation.registered.v1'],
      regions: ['19'],
      contactEmail: 'integraatiot@lappi.example.fi',
    }),
    expect: all(403, { admin: 201, keyLA: 201 }),
  },
  {
    resource: 'webhooks',
    action: 'subscribe to North Ostrobothnia events',
    method: 'POST',
    path: () => '/api/v1/webhooks/subscriptions',
    body: (_f, p) => ({
      url: `https://203.0.113.10/matrix/${p}`,
      eventTypes: ['organisations.organisation.registered.v1'],
      regions: ['17'],
      contactEmail: 'integraatiot@pohjois-pohjanmaa.example.fi',
    }),
    // A read-only key subscribes too: receiving events is reading.
    expect: all(403, { admin: 201, readKeyNO: 201 }),
  },
  {
    resource: 'webhooks',
    action: 'list own subscriptions',
    method: 'GET',
    path: () => '/api/v1/webhooks/subscriptions',
    expect: all(403, { admin: 200, keyLA: 200, readKeyNO: 200 }),
  },
  {
    resource: 'webhooks',
    action: 'read a subscription that is not one’s own',
    method: 'GET',
    path: () => '/api/v1/webhooks/subscriptions/whk_00000000000000000000000000000000',
    expect: all(403, { admin: 404, keyLA: 404, readKeyNO: 404 }),
  },
];
