import { Mailbox, TestSystem, connectTestDatabase, emailsSettled, eventually } from '@yp/shared-testing';

/**
 * Liaison officers' appointments through the real system: a health and social services centre, an
 * active period, and removal — only officers in office receive the email about a new partner.
 */
describe('liaison officer appointments', () => {
  let system: TestSystem;
  const stamp = Date.now().toString(36);
  const email = (who: string) => `${who}.${stamp}@pudasjarvi.example.fi`;
  const nextYear = `${new Date().getFullYear() + 1}-01-01`;

  beforeAll(async () => {
    system = await TestSystem.start('liaison', ['gateway', 'organisations', 'notifications']);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const assign = (who: string, extra: Record<string, unknown> = {}) =>
    system.request<{ id: string; personId: string; healthCentre?: string; activeFrom?: string; removedAt?: string }>(
      'POST',
      '/api/v1/liaison-officers',
      {
        body: { name: `Testi ${who}`, email: email(who), language: 'fi', municipalities: ['615'], ...extra },
      },
    );

  it('emails only the officers in office: not one who starts next year, not one removed', async () => {
    const current = await assign('nykyinen', { healthCentre: 'Pudasjärven sote-keskus', activeFrom: '2020-01-01' });
    expect(current.status).toBe(201);
    expect(current.body.healthCentre).toBe('Pudasjärven sote-keskus');
    const future = await assign('tuleva', { activeFrom: nextYear });
    expect(future.status).toBe(201);
    const removed = await assign('entinen');
    expect((await system.request('DELETE', `/api/v1/liaison-officers/${removed.body.id}`)).status).toBe(204);
    expect((await system.request('DELETE', `/api/v1/liaison-officers/${removed.body.id}`)).status).toBe(204);
    expect((await system.request<{ removedAt?: string }>('GET', `/api/v1/liaison-officers/${removed.body.id}`)).body.removedAt).toEqual(
      expect.any(String),
    );

    // Wait until notifications has applied all three appointments and the removal.
    const db = await connectTestDatabase(system.databaseName('notifications'));
    try {
      await eventually(
        async () =>
          (await db.collection('liaison_areas').countDocuments({ deleted: { $ne: true } })) === 2 &&
          (await db.collection('liaison_areas').countDocuments({ deleted: true })) === 1,
        'liaison areas',
      );
    } finally {
      await db.close();
    }

    const org = await system.request('POST', '/api/v1/organisations', {
      body: { kind: 'association', name: { fi: `Uusi kumppani ${stamp} ry` }, municipalities: ['615'] },
    });
    expect(org.status).toBe(201);
    // (Each was also welcomed when appointed: only the emails about this organisation count.)
    const aboutOrg = async (who: string) =>
      (await new Mailbox().to(email(who))).filter((m) => m.subject.includes(`Uusi kumppani ${stamp} ry`));
    await eventually(async () => ((await aboutOrg('nykyinen')).length > 0 ? true : undefined), 'the email to the officer in office');
    // Nothing else: notifications has handled the event and sent all it queued, so the delivery log
    // is final, and it holds nothing about the organisation for the other two.
    await emailsSettled(system);
    const log = await system.request<{ items: { personId: string; eventType: string }[] }>(
      'GET',
      '/api/v1/notifications/deliveries?limit=500',
    );
    const registeredFor = (personId: string) =>
      log.body.items.filter((d) => d.personId === personId && d.eventType === 'organisations.organisation.registered.v1');
    expect(registeredFor(current.body.personId)).toHaveLength(1);
    expect([...registeredFor(future.body.personId), ...registeredFor(removed.body.personId)]).toEqual([]);
    expect(await aboutOrg('nykyinen')).toHaveLength(1);
    expect(await aboutOrg('tuleva')).toHaveLength(0);
    expect(await aboutOrg('entinen')).toHaveLength(0);
  });

  it('appointing and removing an officer of an organisation moves the organisation (incremental sync sees it)', async () => {
    const org = await system.request<{ id: string; version: number }>('POST', '/api/v1/organisations', {
      body: { kind: 'municipality', name: { fi: `Pudasjärven kaupunki ${stamp}` }, municipalities: ['615'] },
    });
    expect(org.status).toBe(201);
    const officer = await assign('kaupungin', { organisationId: org.body.id });
    expect(officer.status).toBe(201);
    const appointed = await system.request<{ version: number; updatedAt: string }>('GET', `/api/v1/organisations/${org.body.id}`);
    expect(appointed.body.version).toBe(org.body.version + 1);
    expect((await system.request('DELETE', `/api/v1/liaison-officers/${officer.body.id}`)).status).toBe(204);
    expect((await system.request('DELETE', `/api/v1/liaison-officers/${officer.body.id}`)).status).toBe(204);
    // Removed once: one more version; removing again changes nothing.
    const removed = await system.request<{ version: number }>('GET', `/api/v1/organisations/${org.body.id}`);
    expect(removed.body.version).toBe(org.body.version + 2);
  });

  it.each([
    ['an end before the start', { activeFrom: '2027-06-01', activeTo: '2027-01-01' }, 'activeTo'],
    ['a date-time instead of a date', { activeFrom: '2027-01-01T00:00:00Z' }, 'activeFrom'],
    ['an over-long health centre name', { healthCentre: 'x'.repeat(201) }, 'healthCentre'],
  ])('refuses %s (422)', async (_name, extra, field) => {
    const res = await assign(`virhe${field}`, extra);
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain(field);
  });

  it('a coordinator of another region cannot remove (403), an unknown id is 404', async () => {
    const officer = await assign('suojattu');
    const user = await system.request('POST', '/api/v1/users', {
      body: {
        username: `la.${stamp}@example.fi`,
        displayName: 'L',
        roles: ['coordinator'],
        regions: ['19'],
        password: 'a-long-enough-password',
      },
    });
    expect(user.status).toBe(201);
    const token = (await system.logIn(`la.${stamp}@example.fi`, 'a-long-enough-password')).accessToken;
    // Outside their regions the officer does not exist for them.
    expect(
      (await system.request('DELETE', `/api/v1/liaison-officers/${officer.body.id}`, { headers: { authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(404);
    expect((await system.request('DELETE', '/api/v1/liaison-officers/lo_00000000000000000000000000000000')).status).toBe(404);
    expect(
      (await system.request<{ removedAt?: string }>('GET', `/api/v1/liaison-officers/${officer.body.id}`)).body.removedAt,
    ).toBeUndefined();
  });
});
