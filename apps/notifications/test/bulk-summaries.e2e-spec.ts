// Bulk changes through the real system (Kafka, FerretDB, two notifications instances, MailDev): a CSV
// import announces itself to each liaison officer in one summary email in their language, not one
// email per row; an ordinary single registration still sends its own email; and an import whose
// service dies half-way is still summarised, once the bulk timeout has passed.
import { Mailbox, TestSystem, connectTestDatabase, emailsSettled, eventually, type ReceivedMail } from '@yp/shared-testing';

interface Delivery {
  id: string;
  eventType: string;
  template: string;
  personId: string;
  status: string;
  itemIds?: string[];
}

interface ImportResource {
  id: string;
  status: string;
  total: number;
  processed: number;
  created: number;
  failed: number;
  rows: { row: number; status: string; id?: string }[];
}

const stamp = Date.now().toString(36);
const address = (who: string) => `bulk-${who}.${stamp}@kunta.example.fi`;
const mailbox = new Mailbox();
const REGISTERED = 'organisations.organisation.registered.v1';
/**
 * A summary of an import that never completes goes out this long after its first item: short for a
 * test, yet longer than planning the first import's 40 events takes on a busy machine (up to ~20 s
 * seen with other suites running), so that its summary is the completed import's, not the timeout's.
 */
const BULK_SUMMARY_TIMEOUT_MS = 45000;

describe('bulk changes announced once per recipient', () => {
  let system: TestSystem;
  const officers: Record<'fi' | 'sv' | 'en' | 'crash', { id: string; personId: string; email: string }> = {} as never;

  const deliveries = async (personId: string) =>
    (await system.request<{ items: Delivery[] }>('GET', `/api/v1/notifications/deliveries?limit=500&personId=${personId}`)).body.items;
  const csv = (rows: [string, string][]) =>
    ['kind;name_fi;municipalities', ...rows.map(([name, places]) => `association;"${name.replace(/"/g, '""')}";${places}`)].join('\r\n');
  const startImport = async (file: string) => {
    const res = await system.request<ImportResource>('POST', '/api/v1/organisation-imports', {
      rawBody: file,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/api/v1/organisation-imports/${res.body.id}`);
    return res.body;
  };
  const summaries = async (who: keyof typeof officers) =>
    (await mailbox.to(officers[who].email)).filter((m) => m.subject.startsWith('Yhteispeli:'));
  const singles = async (who: keyof typeof officers, text: string) =>
    (await mailbox.to(officers[who].email)).filter((m) => !m.subject.startsWith('Yhteispeli:') && m.text.includes(text));

  beforeAll(async () => {
    const notifications = {
      BULK_SUMMARY_TIMEOUT_MS: String(BULK_SUMMARY_TIMEOUT_MS),
      BULK_SUMMARY_POLL_MS: '300',
      DIGEST_POLL_MS: '300',
      MAIL_RETRY_BASE_MS: '200',
    };
    system = await TestSystem.start('bulk-summaries', ['gateway', 'organisations', 'notifications'], { notifications });
    await system.startReplica('notifications', notifications);
    const appoint = async (who: keyof typeof officers, language: string, municipalities: string[]) => {
      const res = await system.request<{ id: string; personId: string }>('POST', '/api/v1/liaison-officers', {
        body: { name: `Yhdyshenkilö ${who}`, email: address(who), language, municipalities },
      });
      expect(res.status).toBe(201);
      officers[who] = { ...res.body, email: address(who) };
    };
    await appoint('fi', 'fi', ['615']); // Pudasjärvi
    await appoint('sv', 'sv', ['851']); // Tornio
    await appoint('en', 'en', ['320']); // Kemijärvi
    await appoint('crash', 'fi', ['683']); // Ranua
    // Every welcome out (service messages are never collected): later mail is about the imports.
    await eventually(
      async () => (await Promise.all(Object.values(officers).map((o) => mailbox.to(o.email)))).every((m) => m.length === 1),
      'the four welcomes',
      60000,
    );
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('an import of 40 rows sends each officer one summary, in their language, listing every new partner of their area', async () => {
    const pudasjarvi = Array.from({ length: 30 }, (_, i) => `Pudasjärven erä ${i + 1} ${stamp} ry`);
    const both = Array.from({ length: 10 }, (_, i) => `Tornion & Pudasjärven "erä" ${i + 1} ${stamp} ry`);
    const started = await startImport(
      csv([...pudasjarvi.map((n): [string, string] => [n, '615']), ...both.map((n): [string, string] => [n, '615|851'])]),
    );
    expect(started).toMatchObject({ status: 'running', total: 40 });

    const done = await eventually(
      async () => {
        const res = await system.request<ImportResource>('GET', `/api/v1/organisation-imports/${started.id}`);
        return res.body.status === 'completed' ? res.body : undefined;
      },
      'the import completed',
      120000,
    );
    expect(done).toMatchObject({ total: 40, processed: 40, created: 40, failed: 0 });
    expect(done.rows).toHaveLength(40);

    // The marker: in the log, each officer's items are digested and their one summary sent, and
    // nothing is queued or pending anywhere, so no other email about the import can come.
    const settled = async (who: 'fi' | 'sv', items: number) =>
      eventually(
        async () => {
          const mine = await deliveries(officers[who].personId);
          const imported = mine.filter((d) => d.eventType === REGISTERED);
          const digests = mine.filter((d) => d.template === 'digest');
          return imported.length === items &&
            imported.every((d) => d.status === 'digested') &&
            digests.length === 1 &&
            digests[0]?.status === 'sent'
            ? digests
            : undefined;
        },
        `the summary of ${who} sent`,
        90000,
      );
    const [fiDigests, svDigests] = await Promise.all([settled('fi', 40), settled('sv', 10)]);
    await emailsSettled(system);
    expect(fiDigests[0]?.itemIds).toHaveLength(40);
    expect(svDigests[0]?.itemIds).toHaveLength(10);

    const [fi] = await summaries('fi');
    expect(await summaries('fi')).toHaveLength(1);
    expect(fi?.subject).toBe('Yhteispeli: 40 uutta ilmoitusta');
    expect(fi?.text).toContain('Yhteenveto tuonnista');
    for (const name of [...pudasjarvi, ...both]) expect(fi?.text).toContain(name);
    // Names come from the file: escaped in the HTML part.
    expect(fi?.html).toContain('Tornion &amp; Pudasjärven');
    expect(fi?.html).not.toContain('Tornion & Pudasjärven "erä"');
    expect(await singles('fi', `erä 1 ${stamp}`)).toHaveLength(0);

    const sv: ReceivedMail[] = await summaries('sv');
    expect(sv).toHaveLength(1);
    expect(sv[0]?.subject).toBe('Yhteispeli: 10 nya meddelanden');
    expect(sv[0]?.text).toContain('Sammanfattning av en import');
    for (const name of both) expect(sv[0]?.text).toContain(name);
    for (const name of pudasjarvi) expect(sv[0]?.text).not.toContain(name);
  });

  it('a single registration still sends its own email at once', async () => {
    const name = `Kemijärven yksittäinen ${stamp} ry`;
    const res = await system.request('POST', '/api/v1/organisations', {
      body: { kind: 'association', name: { fi: name }, municipalities: ['320'] },
    });
    expect(res.status).toBe(201);
    const mails = await eventually(async () => {
      const found = await singles('en', name);
      return found.length > 0 ? found : undefined;
    }, 'the email about the new partner');
    await emailsSettled(system);
    expect(await singles('en', name)).toHaveLength(1);
    expect(mails[0]?.subject).toBe(`New partner in your area: ${name}`);
    expect(await summaries('en')).toHaveLength(0);
  });

  it('an import whose service dies half-way is still summarised after the timeout, each partner once', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `Ranuan keskeytynyt ${i + 1} ${stamp} ry`);
    const started = await startImport(csv(names.map((n): [string, string] => [n, '683'])));
    await eventually(
      async () => (await system.request<ImportResource>('GET', `/api/v1/organisation-imports/${started.id}`)).body.processed > 0,
      'the first rows written',
      60000,
      50,
    );
    await system.stopApp('organisations', 'SIGKILL');
    await system.startApp('organisations');

    const organisations = await connectTestDatabase(system.databaseName('organisations'));
    let registered: string[];
    try {
      // What the import committed before it died (the change log is the commit; a state document
      // may lag behind a change its writer committed just before it was killed), and its
      // completion that never came.
      const changes = await organisations
        .collection<{ version: number; state: { name: { fi: string }; municipalities: string[] } | null }>('organisations_changes')
        .find({ version: 1, 'state.municipalities': '683' })
        .toArray();
      registered = changes.map((c) => c.state?.name.fi ?? '').filter((n) => n.includes('keskeytynyt') && n.includes(stamp));
      const imported = await organisations
        .collection<{ _id: string; state: { status: string } }>('organisation_imports')
        .findOne({ _id: started.id });
      expect(imported?.state.status).toBe('running');
      // The restarted service's outbox publishes what the killed one had committed but not published.
      await eventually(
        async () => {
          // Published: no pending marker left whose change exists (a marker without change is a
          // commit the kill cut short before its change insert; it goes after the orphan grace).
          const markers = await organisations.collection<{ collection: string; changeId: string }>('outbox_pending').find({}).toArray();
          for (const marker of markers)
            if (await organisations.collection(marker.collection).findOne({ _id: marker.changeId as never })) return false;
          return true;
        },
        'every committed change published',
        60000,
      );
    } finally {
      await organisations.close();
    }
    expect(registered.length).toBeGreaterThan(0);
    expect(registered.length).toBeLessThan(names.length);

    // The marker: every registration's item digested and every summary sent in the log.
    const log = await eventually(
      async () => {
        const mine = await deliveries(officers.crash.personId);
        const items = mine.filter((d) => d.eventType === REGISTERED);
        const digests = mine.filter((d) => d.template === 'digest');
        return items.length === registered.length &&
          items.every((d) => d.status === 'digested') &&
          digests.length > 0 &&
          digests.every((d) => d.status === 'sent')
          ? digests
          : undefined;
      },
      'every item summarised',
      BULK_SUMMARY_TIMEOUT_MS + 60000,
    );
    await emailsSettled(system);
    const mails = await summaries('crash');
    expect(mails).toHaveLength(log.length);
    // Each registered partner in exactly one summary; nothing mailed on its own.
    const text = mails.map((m) => m.text).join('\n');
    for (const name of registered) expect(text.split(`${name} (`).length - 1).toBe(1);
    expect(await singles('crash', 'keskeytynyt')).toHaveLength(0);
    expect(log.flatMap((d) => d.itemIds ?? [])).toHaveLength(registered.length);
  });
});
