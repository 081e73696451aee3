import { bulkDigest, bulkIdOf } from './bulk-summary';

describe('bulkDigest', () => {
  const now = new Date('2026-12-03T10:00:00.000Z');

  it('collects an event of a bulk change into the bulk digest, due at the latest after the timeout', () => {
    expect(bulkDigest({ bulkid: 'imp_1' }, 'register', now, 60_000)).toEqual({
      period: 'bulk',
      dueAt: new Date('2026-12-03T10:01:00.000Z'),
    });
  });

  it('leaves single changes and service messages alone', () => {
    expect(bulkDigest({}, 'register', now, 60_000)).toBeUndefined();
    expect(bulkDigest({ bulkid: 'imp_1' }, 'service', now, 60_000)).toBeUndefined();
  });
});

describe('bulkIdOf', () => {
  it('reads the bulk id of a stored envelope, and nothing else', () => {
    expect(bulkIdOf({ bulkid: 'imp_1' })).toBe('imp_1');
    expect(bulkIdOf({ bulkid: 7 })).toBeUndefined();
    expect(bulkIdOf(null)).toBeUndefined();
    expect(bulkIdOf('imp_1')).toBeUndefined();
  });
});
