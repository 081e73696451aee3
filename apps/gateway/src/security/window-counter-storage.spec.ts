import { WindowCounterStorage } from './window-counter-storage';

describe('WindowCounterStorage', () => {
  let now: number;
  let storage: WindowCounterStorage;
  const TTL = 60_000;

  beforeEach(() => {
    now = 1_000_000;
    storage = new WindowCounterStorage(() => now);
  });
  afterEach(() => storage.onApplicationShutdown());

  const hit = (key = 'k', limit = 3) => storage.hit(key, TTL, limit, TTL);

  it('lets exactly the limit through in a window, then blocks for the block duration with the seconds left', () => {
    expect([hit(), hit(), hit()].map((r) => [r.totalHits, r.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    const refused = hit();
    expect(refused).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    expect(hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    now += 30_000;
    expect(hit()).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('counts callers apart', () => {
    hit('a');
    hit('a');
    hit('a');
    expect(hit('a').isBlocked).toBe(true);
    expect(hit('b')).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('slides: hits of the previous window count for the part of it still within the last ttl', () => {
    for (let i = 0; i < 10; i++) hit('s', 10);
    now += TTL + TTL / 2; // half of the previous window still overlaps: 10 × 0.5 = 5 counted
    expect(hit('s', 10).totalHits).toBe(6);
    for (let i = 0; i < 4; i++) hit('s', 10);
    expect(hit('s', 10).isBlocked).toBe(true);
  });

  it('forgets the previous window once it no longer overlaps', () => {
    for (let i = 0; i < 3; i++) hit();
    now += 2 * TTL;
    expect(hit()).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('answers the seconds left in the window', () => {
    expect(hit().timeToExpire).toBe(60);
    now += 45_500;
    expect(hit().timeToExpire).toBe(15);
  });
});
