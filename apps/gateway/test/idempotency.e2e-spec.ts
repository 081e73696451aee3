import { randomUUID } from 'node:crypto';
import { TestSystem, connectTestDatabase, type ApiResponse } from '@yp/shared-testing';

/**
 * Idempotency-Key on POST and PATCH, through the real system: a retried request runs once, and the
 * client gets the first answer again.
 */
describe('Idempotency-Key', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start('idempotency', ['gateway', 'organisations']);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const organisation = (name: string) => ({ kind: 'association', name: { fi: name }, municipalities: ['047'] });
  const withKey = (key: string, body: unknown) => ({ headers: { 'idempotency-key': key }, body });

  async function countInEnontekio(): Promise<number> {
    const res = await system.request<{ items: unknown[] }>('GET', '/api/v1/organisations?municipality=047&limit=200');
    return res.body.items.length;
  }

  it('a repeated POST runs once and replays the first answer', async () => {
    const key = randomUUID();
    const before = await countInEnontekio();
    const first = await system.request<{ id: string }>('POST', '/api/v1/organisations', withKey(key, organisation('Kertaalleen ry')));
    const second = await system.request<{ id: string }>('POST', '/api/v1/organisations', withKey(key, organisation('Kertaalleen ry')));
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await countInEnontekio()).toBe(before + 1);
  });

  it('the same key with a different body is a 422 and changes nothing', async () => {
    const key = randomUUID();
    expect((await system.request('POST', '/api/v1/organisations', withKey(key, organisation('Ensimmäinen ry')))).status).toBe(201);
    const before = await countInEnontekio();
    const reused = await system.request<{ code: string }>('POST', '/api/v1/organisations', withKey(key, organisation('Toinen ry')));
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('REQUEST.IDEMPOTENCY_KEY_REUSED');
    expect(await countInEnontekio()).toBe(before);
  });

  it('keys belong to their caller: another caller with the same key gets its own request run', async () => {
    const key = randomUUID();
    const created = await system.request<{ id: string }>('POST', '/api/v1/api-keys', {
      body: { name: 'idempotency', regions: ['19'], access: 'read-write' },
    });
    const first = await system.request<{ id: string }>('POST', '/api/v1/organisations', withKey(key, organisation('Kutsujan oma ry')));
    const other = await system.request<{ id: string }>('POST', '/api/v1/organisations', {
      ...withKey(key, organisation('Kutsujan oma ry')),
      headers: { 'idempotency-key': key, authorization: `Bearer ${(created.body as unknown as { key: string }).key}` },
    });
    expect(first.status).toBe(201);
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('ten concurrent retries create one organisation; the rest are replays or 409 in progress', async () => {
    const key = randomUUID();
    const before = await countInEnontekio();
    const answers: ApiResponse<{ id?: string; code?: string }>[] = await Promise.all(
      Array.from({ length: 10 }, () =>
        system.request<{ id?: string; code?: string }>('POST', '/api/v1/organisations', withKey(key, organisation('Rinnakkainen ry'))),
      ),
    );
    const created = answers.filter((a) => a.status === 201);
    const inProgress = answers.filter((a) => a.status === 409);
    expect(created.length + inProgress.length).toBe(10);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    expect(inProgress.every((a) => a.body.code === 'REQUEST.IDEMPOTENCY_KEY_IN_USE' && a.headers.get('retry-after') === '1')).toBe(true);
    expect(await countInEnontekio()).toBe(before + 1);
  });

  it('a PATCH with a key applies once', async () => {
    const created = await system.request<{ id: string }>('POST', '/api/v1/organisations', { body: organisation('Muutettava ry') });
    const key = randomUUID();
    const patch = withKey(key, { name: { fi: 'Muutettu kerran ry' } });
    const first = await system.request<{ version: number }>('PATCH', `/api/v1/organisations/${created.body.id}`, patch);
    const again = await system.request<{ version: number }>('PATCH', `/api/v1/organisations/${created.body.id}`, patch);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const current = await system.request<{ version: number }>('GET', `/api/v1/organisations/${created.body.id}`);
    expect(current.body.version).toBe(2);
  });

  it('a refused request is replayed as refused, not run again', async () => {
    const key = randomUUID();
    const bad = { kind: 'association', name: { fi: '' }, municipalities: ['047'] };
    const first = await system.request('POST', '/api/v1/organisations', withKey(key, bad));
    const again = await system.request('POST', '/api/v1/organisations', withKey(key, bad));
    expect(first.status).toBe(422);
    expect(again.status).toBe(422);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('never stores or replays a secret: a new API key is not kept under its Idempotency-Key', async () => {
    const key = randomUUID();
    const body = { name: 'idempotent key', regions: ['19'], access: 'read' };
    const first = await system.request<{ key: string }>('POST', '/api/v1/api-keys', withKey(key, body));
    const again = await system.request<{ key: string }>('POST', '/api/v1/api-keys', withKey(key, body));
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body.key).not.toBe(first.body.key);
    const db = await connectTestDatabase(system.databaseName('gateway'));
    try {
      const stored = JSON.stringify(await db.collection('idempotency_keys').find().toArray());
      expect(stored).not.toContain(first.body.key.slice(15));
      expect(stored).not.toContain(again.body.key.slice(15));
    } finally {
      await db.close();
    }
  });

  it('a malformed key is a 400', async () => {
    const res = await system.request<{ code: string }>(
      'POST',
      '/api/v1/organisations',
      withKey('x'.repeat(256), organisation('Pitkä avain ry')),
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST.BAD_IDEMPOTENCY_KEY');
  });
});
