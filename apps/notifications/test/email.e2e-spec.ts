// Email to liaison officers through the real system: Kafka, FerretDB, two notifications instances in
// one consumer group, and a real SMTP server (MailDev behind a TCP relay the test can cut, to take
// the mail server away and bring it back; a second suite uses an SMTP server that refuses an address).
import { createServer, connect, type Server, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import {
  Mailbox,
  TestSystem,
  connectTestDatabase,
  emailsSettled,
  eventually,
  readTopic,
  testEndpoints,
  type ReceivedMail,
} from '@yp/shared-testing';

interface Delivery {
  id: string;
  eventType: string;
  template: string;
  personId: string;
  status: string;
  attempts: number;
  lastError: string | null;
  smtpResponse: string | null;
  itemIds?: string[];
}

/** A TCP relay in front of the SMTP server: `cut()` refuses and drops connections, `restore()` relays again. */
class SmtpRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async restore(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const stamp = Date.now().toString(36);
const address = (who: string) => `${who}.${stamp}@kunta.example.fi`;
const mailbox = new Mailbox();

function linkIn(mail: ReceivedMail, kind: 'preferences' | 'unsubscribe'): string {
  const found = new RegExp(`https?://[^\\s"<>]+/notifications/${kind}\\?token=[A-Za-z0-9._-]+`).exec(mail.text);
  if (!found) throw new Error(`no ${kind} link in "${mail.subject}"`);
  return found[0];
}

describe('email to liaison officers', () => {
  let system: TestSystem;
  const relay = new SmtpRelay(testEndpoints().smtp);
  const officers: Record<'fi' | 'sv' | 'en' | 'digest' | 'outage', { id: string; personId: string; email: string }> = {} as never;

  const deliveries = async (query: string) =>
    (await system.request<{ items: Delivery[] }>('GET', `/api/v1/notifications/deliveries?limit=500&${query}`)).body.items;
  const register = async (name: string, municipalities: string[]) => {
    const res = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
      body: { kind: 'association', name: { fi: name }, municipalities },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const mailsAbout = async (who: keyof typeof officers, text: string) =>
    (await mailbox.to(officers[who].email)).filter((m) => m.subject.includes(text));

  beforeAll(async () => {
    await relay.restore();
    const notifications = { SMTP_PORT: String(relay.port), MAIL_RETRY_BASE_MS: '200', DIGEST_COLLECT_MS: '15000', DIGEST_POLL_MS: '500' };
    system = await TestSystem.start('email', ['gateway', 'organisations', 'notifications'], { notifications });
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
    await appoint('digest', 'fi', ['614']); // Posio
    await appoint('outage', 'fi', ['683']); // Ranua
    const db = await connectTestDatabase(system.databaseName('notifications'));
    try {
      await eventually(
        async () =>
          (await db.collection('liaison_areas').countDocuments({})) === 5 && (await db.collection('recipients').countDocuments({})) === 5,
        'the five officers in the projections',
      );
    } finally {
      await db.close();
    }
  });

  afterAll(async () => {
    await system?.stop();
    await relay.cut();
  });

  it('welcomes each officer once, in their language, with what they will receive', async () => {
    const welcomes = await eventually(async () => {
      const all = await Promise.all((['fi', 'sv', 'en'] as const).map(async (who) => mailbox.to(officers[who].email)));
      return all.every((m) => m.length === 1) ? all.map((m) => m[0]) : undefined;
    }, 'three welcomes');
    expect(welcomes.map((m) => m.subject)).toEqual([
      'Tervetuloa Yhteispeliin järjestöyhdyshenkilöksi',
      'Välkommen till Yhteispeli som kontaktperson för organisationssamarbete',
      'Welcome to Yhteispeli as a liaison officer',
    ]);
    expect(welcomes[0]?.text).toContain('Pudasjärvi');
    expect(welcomes[2]?.text).toContain('New partners and activities published for residents in your municipalities');
    // A welcome is a service message: no unsubscribe header, but a preferences link.
    expect(welcomes[0]?.headers['list-unsubscribe']).toBeUndefined();
    expect(linkIn(welcomes[0], 'preferences')).toContain(system.url('gateway'));
  });

  it('emails a new partner to the officers of its municipalities only, in each one’s language, with the right headers', async () => {
    const name = `Tornion ja Pudasjärven yhdistys ${stamp} ry`;
    await register(name, ['615', '851']);
    const [fi, sv] = await eventually(async () => {
      const both = [await mailsAbout('fi', name), await mailsAbout('sv', name)];
      return both.every((m) => m.length === 1) ? both.map((m) => m[0]) : undefined;
    }, 'the emails to the Pudasjärvi and Tornio officers');
    expect(fi?.subject).toBe(`Uusi kumppani alueellasi: ${name}`);
    expect(sv?.subject).toBe(`Ny partner i ditt område: ${name}`);
    expect(sv?.html).toContain('lang="sv"');
    for (const mail of [fi, sv] as ReceivedMail[]) {
      expect(mail.headers['message-id']).toMatch(/^<[0-9a-f]{64}@yhteispeli\.local>$/);
      expect(mail.headers['date']).toEqual(expect.any(String));
      // RFC 8058: one HTTPS (here HTTP on loopback) URI and nothing else, so clients can one-click.
      expect(mail.headers['list-unsubscribe']).toMatch(/^<https?:\/\/[^>\s]+\/notifications\/unsubscribe\?token=v1\.[^>\s]+>$/);
      expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    }
    // Nothing else: both instances have handled the event and sent all they queued (the log is final).
    await emailsSettled(system);
    expect(await mailsAbout('en', name)).toHaveLength(0);
    expect(await mailsAbout('fi', name)).toHaveLength(1);
  });

  it('emails a published activity to the officers of its municipalities only', async () => {
    const org = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
      body: { kind: 'association', name: { fi: `Kemijärven kyläyhdistys ${stamp} ry` }, municipalities: ['320'] },
    });
    const activityName = `Kylätalon kahvila ${stamp}`;
    const draft = await system.request<{ id: string }>('POST', '/api/v1/activities', {
      body: {
        organisationId: org.body.id,
        name: { fi: activityName, en: `Village café ${stamp}` },
        type: 'meeting-place',
        deliveryModes: ['remote'],
        municipalities: ['320'],
        cost: { free: true },
        languages: ['fi'],
      },
    });
    expect(draft.status).toBe(201);
    expect((await system.request('POST', `/api/v1/activities/${draft.body.id}/publish`)).status).toBe(200);
    const mail = await eventually(async () => (await mailsAbout('en', `Village café ${stamp}`))[0], 'the activity email');
    expect(mail.subject).toBe(`New activity in your area: Village café ${stamp}`);
    // An edit of the published activity publishes the event again, but it is announced once.
    const current = await system.request('GET', `/api/v1/activities/${draft.body.id}`);
    const edited = await system.request('PATCH', `/api/v1/activities/${draft.body.id}`, {
      body: { languages: ['fi', 'en'] },
      headers: { 'if-match': current.headers.get('etag') ?? '' },
    });
    expect(edited.status).toBe(200);
    // Nothing else: the edit's event is on the topic, then handled, and all queued was sent.
    const version = Number(edited.headers.get('etag')?.replace(/"/g, ''));
    await eventually(
      async () =>
        (await readTopic(`${system.topicPrefix}yp.organisations.events`)).some(
          (m) =>
            m.key === draft.body.id &&
            (JSON.parse(m.value?.toString('utf8') ?? '{}') as { aggregateversion?: number }).aggregateversion === version,
        ),
      'the event of the edit on the topic',
    );
    await emailsSettled(system);
    expect(await mailsAbout('en', `Village café ${stamp}`)).toHaveLength(1);
    expect(await mailsAbout('fi', activityName)).toHaveLength(0);
    expect(await mailsAbout('sv', activityName)).toHaveLength(0);
  });

  it('unsubscribes from the link without logging in; a GET changes nothing and a forged token is refused', async () => {
    const [mail] = await mailsAbout('fi', 'Tornion ja Pudasjärven');
    const url = (mail?.headers['list-unsubscribe'] ?? '').replace(/^<|>$/g, '');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('Peru tilaus');

    const forged = await fetch(url.replace(/\.[^.]+$/, '.AAAA'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(forged.status).toBe(404);
    expect(forged.headers.get('content-type')).toMatch(/problem\+json/);

    // Still subscribed after the GET and the forgery: this one arrives.
    const before = `Ennen perumista ${stamp} ry`;
    await register(before, ['615']);
    await eventually(async () => (await mailsAbout('fi', before)).length === 1, 'the email before unsubscribing');

    // RFC 8058 one-click, as a mail client sends it.
    const oneClick = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain('Tilaus peruttu');

    const after = `Perumisen jälkeen ${stamp} ry`;
    await register(after, ['615', '851']);
    await eventually(async () => (await mailsAbout('sv', after)).length === 1, 'the email to the officer still subscribed');
    // The marker: the log holds the officer's delivery of this event as skipped, which is final.
    await eventually(
      async () => (await deliveries(`personId=${officers.fi.personId}&status=skipped`)).length === 1,
      'the skipped delivery in the log',
    );
    expect(await mailsAbout('fi', after)).toHaveLength(0);
  });

  it('sets preferences from the link; invalid choices are refused and change nothing', async () => {
    const [welcome] = await mailbox.to(officers.digest.email);
    const url = linkIn(welcome, 'preferences');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<input type="radio" name="register" value="immediately" checked>/);

    const form = (body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const bad = await form('register=sometimes&meetings=daily');
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    const unknown = await form('gossip=daily');
    expect(unknown.status).toBe(422);
    expect(await (await fetch(url)).text()).toMatch(/name="meetings" value="immediately" checked/);

    const saved = await form('register=daily');
    expect(saved.status).toBe(200);
    expect(await saved.text()).toMatch(/name="register" value="daily" checked/);
  });

  it('collects 20 events into one daily digest email', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `Posion yhdistys ${i + 1} ${stamp} ry`);
    // All at once: the digest collects what is planned within DIGEST_COLLECT_MS (15 s) of the first
    // item, and twenty registrations one after another can take longer than that on a busy machine.
    await Promise.all(names.map((name) => register(name, ['614'])));
    const digest = await eventually(
      async () => (await mailbox.to(officers.digest.email)).find((m) => m.subject.startsWith('Yhteispeli:')),
      'the digest email',
      60000,
    );
    expect(digest.subject).toBe('Yhteispeli: 20 uutta ilmoitusta');
    for (const name of names) expect(digest.text).toContain(name);
    // The marker: the log holds the 20 as digested and the digest as sent, all final, so no other
    // email about them can come.
    const log = await eventually(async () => {
      const mine = await deliveries(`personId=${officers.digest.personId}`);
      const final =
        mine.filter((d) => d.status === 'digested').length === 20 && mine.some((d) => d.template === 'digest' && d.status === 'sent');
      return final ? mine : undefined;
    }, 'the 20 digested and the digest sent in the log');
    const mails = await mailbox.to(officers.digest.email);
    expect(mails.filter((m) => m.subject.startsWith('Yhteispeli:'))).toHaveLength(1);
    expect(mails.filter((m) => m.subject.startsWith('Uusi kumppani'))).toHaveLength(0);
    expect(log.filter((d) => d.status === 'digested')).toHaveLength(20);
    const digests = log.filter((d) => d.template === 'digest');
    expect(digests).toHaveLength(1);
    expect(digests[0]?.status).toBe('sent');
    expect(digests[0]?.itemIds).toHaveLength(20);
  });

  it('queues mail while the SMTP server is away and sends each once when it returns', async () => {
    await relay.cut();
    const names = [1, 2, 3].map((i) => `Ranuan katkoyhdistys ${i} ${stamp} ry`);
    for (const name of names) await register(name, ['683']);
    await eventually(async () => {
      const mine = (await deliveries(`personId=${officers.outage.personId}`)).filter(
        (d) => d.eventType === 'organisations.organisation.registered.v1',
      );
      return mine.length === 3 && mine.every((d) => d.status === 'queued' && d.attempts >= 1 && d.lastError) ? true : undefined;
    }, 'three emails queued and retrying');
    expect((await mailbox.to(officers.outage.email)).filter((m) => m.subject.includes('katkoyhdistys'))).toHaveLength(0);

    await relay.restore();
    await eventually(
      async () => (await mailbox.to(officers.outage.email)).filter((m) => m.subject.includes('katkoyhdistys')).length === 3,
      'the three emails after the server returned',
      60000,
    );
    // The marker: the log holds the three as sent, which is final (never attempted again).
    await eventually(async () => {
      const mine = (await deliveries(`personId=${officers.outage.personId}`)).filter(
        (d) => d.eventType === 'organisations.organisation.registered.v1',
      );
      return mine.length === 3 && mine.every((d) => d.status === 'sent');
    }, 'the three deliveries sent in the log');
    const mails = (await mailbox.to(officers.outage.email)).filter((m) => m.subject.includes('katkoyhdistys'));
    expect(mails.map((m) => m.subject).sort()).toEqual(names.map((n) => `Uusi kumppani alueellasi: ${n}`).sort());
  });

  it('both instances took part, and no email was claimed or sent twice', async () => {
    const db = await connectTestDatabase(system.databaseName('notifications'));
    try {
      const claims = await db.collection<{ _id: string; holder: string }>('delivery_claims').find({}).toArray();
      expect(new Set(claims.map((c) => c.holder)).size).toBe(2);
      const sent = await db.collection('deliveries').find({ status: 'sent' }).toArray();
      expect(new Set(sent.map((d) => d['messageId'] as string)).size).toBe(sent.length);
    } finally {
      await db.close();
    }
    // Every email the system sent reached the mailbox exactly once (Message-IDs are per delivery).
    const ours = (await mailbox.all()).filter((m) => m.to.some((t) => t.address.includes(`.${stamp}@kunta.example.fi`)));
    const ids = ours.map((m) => m.headers['message-id']);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('an address the mail server refuses (5xx) goes on hold', () => {
  let system: TestSystem;
  let smtp: SMTPServer;
  const attempts = new Map<string, number>();

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(addr, _session, callback) {
        attempts.set(addr.address, (attempts.get(addr.address) ?? 0) + 1);
        if (addr.address.startsWith('bounce.')) {
          const error = new Error('5.1.1 mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
          return;
        }
        callback();
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as { port: number }).port;
    system = await TestSystem.start('email-hold', ['gateway', 'organisations', 'notifications'], {
      notifications: { SMTP_PORT: String(port), MAIL_RETRY_BASE_MS: '200' },
    });
  });

  afterAll(async () => {
    await system?.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('fails the email with the server’s reply, holds the address for coordinators, and stops attempting it until released', async () => {
    const bounce = `bounce.${stamp}@kunta.example.fi`;
    const officer = await system.request<{ personId: string }>('POST', '/api/v1/liaison-officers', {
      body: { name: 'Palautuva Osoite', email: bounce, language: 'fi', municipalities: ['615'] },
    });
    expect(officer.status).toBe(201);
    // The welcome is refused: 550, failed at once (no retries), and the address is held.
    const holds = await eventually(async () => {
      const res = await system.request<{ items: { id: string; maskedAddress: string; reason: string; personId: string }[] }>(
        'GET',
        '/api/v1/notifications/address-holds',
      );
      return res.body.items.length === 1 ? res.body.items : undefined;
    }, 'the address hold');
    expect(holds[0]).toMatchObject({ maskedAddress: 'b***@kunta.example.fi', personId: officer.body.personId });
    expect(holds[0]?.reason).toMatch(/^550/);
    const log = await system.request<{ items: Delivery[] }>('GET', `/api/v1/notifications/deliveries?personId=${officer.body.personId}`);
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(log.body.items[0]?.smtpResponse).toMatch(/^550/);
    expect(attempts.get(bounce)).toBe(1);

    // Two more events: not attempted, logged as held.
    for (const i of [1, 2]) {
      expect(
        (
          await system.request('POST', '/api/v1/organisations', {
            body: { kind: 'association', name: { fi: `Pitoyhdistys ${i} ${stamp} ry` }, municipalities: ['615'] },
          })
        ).status,
      ).toBe(201);
    }
    await eventually(
      async () =>
        (
          await system.request<{ items: Delivery[] }>(
            'GET',
            `/api/v1/notifications/deliveries?personId=${officer.body.personId}&status=held`,
          )
        ).body.items.length === 2,
      'two held deliveries',
    );
    expect(attempts.get(bounce)).toBe(1);

    // Released: the next event is attempted again (and refused again, so held again).
    expect((await system.request('DELETE', `/api/v1/notifications/address-holds/${holds[0]?.id}`)).status).toBe(204);
    expect((await system.request('DELETE', `/api/v1/notifications/address-holds/${holds[0]?.id}`)).status).toBe(404);
    expect(
      (
        await system.request('POST', '/api/v1/organisations', {
          body: { kind: 'association', name: { fi: `Vapautusyhdistys ${stamp} ry` }, municipalities: ['615'] },
        })
      ).status,
    ).toBe(201);
    await eventually(() => Promise.resolve(attempts.get(bounce) === 2), 'a new attempt after the release');
  });
});
