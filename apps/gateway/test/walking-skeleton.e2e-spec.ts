import { ALL_APPS, Mailbox, TestSystem, emailsSettled, eventually, connectTestDatabase } from '@yp/shared-testing';

/**
 * The walking skeleton through real processes: HTTP in at the gateway, the organisations service
 * stores and publishes through its outbox onto Kafka, the notifications service emails the
 * liaison officers of the organisation's municipality, and the email is read from the SMTP server.
 */
describe('walking skeleton', () => {
  let system: TestSystem;
  const mailbox = () => new Mailbox();
  const stamp = Date.now().toString(36);
  const officerEmail = `liisa.${stamp}@pudasjarvi.example.fi`;
  const otherOfficerEmail = `olli.${stamp}@tornio.example.fi`;

  beforeAll(async () => {
    system = await TestSystem.start('skeleton', ALL_APPS);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('emails the liaison officer of the municipality when an organisation registers, and nobody else', async () => {
    const officer = await system.request<{ id: string; personId: string }>('POST', '/api/v1/liaison-officers', {
      body: { name: 'Liisa Lähde', email: officerEmail, language: 'fi', municipalities: ['615'] },
    });
    expect(officer.status).toBe(201);
    const other = await system.request('POST', '/api/v1/liaison-officers', {
      body: { name: 'Olli Outsider', email: otherOfficerEmail, language: 'en', municipalities: ['851'] },
    });
    expect(other.status).toBe(201);

    // The notifications service learns of the officer from events before the organisation arrives.
    const db = await connectTestDatabase(system.databaseName('notifications'));
    try {
      await eventually(
        async () => (await db.collection('recipients').findOne({ _id: officer.body.personId as never })) !== null,
        'recipient projection',
      );
      await eventually(async () => (await db.collection('liaison_areas').countDocuments({})) >= 2, 'liaison areas projection');
    } finally {
      await db.close();
    }

    const created = await system.request<{ id: string; version: number; regions: string[] }>('POST', '/api/v1/organisations', {
      body: { kind: 'association', name: { fi: `Pudasjärven Kyläyhdistys ${stamp} ry` }, municipalities: ['615'], businessId: undefined },
      headers: { 'x-correlation-id': `skeleton-${stamp}` },
    });
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(1);
    expect(created.body.regions).toEqual(['17']);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('x-correlation-id')).toBe(`skeleton-${stamp}`);

    const registered = (m: { subject: string }) => m.subject.startsWith('Uusi kumppani') || m.subject.startsWith('New partner');
    const mails = await eventually(async () => {
      const m = (await mailbox().to(officerEmail)).filter(registered);
      return m.length > 0 ? m : undefined;
    }, 'the email to the liaison officer');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(`Uusi kumppani alueellasi: Pudasjärven Kyläyhdistys ${stamp} ry`);
    expect(mails[0]?.text).toContain('Toiminta-alue: Pudasjärvi');

    // Nothing else: notifications has handled every event so far and sent all it queued, so the
    // delivery log is final. Each officer also got one welcome when appointed.
    await emailsSettled(system);
    const log = await system.request<{ items: { status: string; eventType: string; attempts: number; personId: string }[] }>(
      'GET',
      '/api/v1/notifications/deliveries',
    );
    expect(log.status).toBe(200);
    expect((await mailbox().to(otherOfficerEmail)).filter(registered)).toHaveLength(0);
    expect((await mailbox().to(officerEmail)).filter(registered)).toHaveLength(1);
    expect((await mailbox().to(otherOfficerEmail)).map((m) => m.subject)).toEqual([expect.stringMatching(/^Welcome/)]);
    expect(log.body.items.filter((d) => d.eventType === 'organisations.organisation.registered.v1')).toEqual([
      expect.objectContaining({ status: 'sent', attempts: 1, personId: officer.body.personId }),
    ]);
    expect(log.body.items.filter((d) => d.eventType === 'organisations.liaison-officer.assigned.v1')).toHaveLength(2);
  });

  it('reads back what it stored, with its ETag, and lists it', async () => {
    const created = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
      body: {
        kind: 'municipality',
        name: { fi: 'Kemijärven kaupunki', sv: 'Kemijärvi stad' },
        municipalities: ['320'],
        businessId: '0193924-7',
      },
    });
    expect(created.status).toBe(201);
    const read = await system.request<{ name: { fi: string; sv: string }; regions: string[] }>(
      'GET',
      `/api/v1/organisations/${created.body.id}`,
    );
    expect(read.status).toBe(200);
    expect(read.body.name).toEqual({ fi: 'Kemijärven kaupunki', sv: 'Kemijärvi stad' });
    expect(read.body.regions).toEqual(['19']);
    expect(read.headers.get('etag')).toBe('"1"');
    const list = await system.request<{ items: { id: string }[] }>('GET', '/api/v1/organisations?region=19');
    expect(list.body.items.map((i) => i.id)).toContain(created.body.id);
  });

  it('working-groups and villages keep a projection of organisations from the events', async () => {
    const created = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
      body: { kind: 'leader-action-group', name: { fi: 'Leader Peräpohjola ry' }, municipalities: ['851', '240'] },
    });
    expect(created.status).toBe(201);
    for (const app of ['working-groups', 'villages'] as const) {
      const db = await connectTestDatabase(system.databaseName(app));
      try {
        const doc = await eventually(
          async () => (await db.collection('organisation_directory').findOne({ _id: created.body.id as never })) ?? undefined,
          `${app} projection`,
        );
        expect(doc.version).toBe(1);
        expect((doc.data as { municipalities: string[] }).municipalities).toEqual(['851', '240']);
      } finally {
        await db.close();
      }
    }
  });

  it('refuses calls that bypass the gateway', async () => {
    const res = await fetch(`${system.url('organisations')}/organisations`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
