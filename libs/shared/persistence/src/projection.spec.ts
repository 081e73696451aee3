import { duplicateKeyIndexes, latestPerId, type ProjectionChange } from './projection';

const change = (id: string, version: number, data: { n: number } | null = { n: version }): ProjectionChange<{ n: number }> => ({
  id,
  version,
  data,
});

describe('latestPerId', () => {
  it('keeps one change per aggregate: its last state, in the order the aggregates first appear', () => {
    expect(latestPerId([change('a', 1), change('b', 1), change('a', 2), change('a', 3, null), change('c', 1), change('b', 2)])).toEqual([
      change('a', 3, null),
      change('b', 2),
      change('c', 1),
    ]);
  });

  it('never lets an older version replace a newer one, whatever the order they came in', () => {
    expect(latestPerId([change('a', 3), change('a', 1), change('a', 2)])).toEqual([change('a', 3)]);
  });

  it('keeps the first of equal versions, as applying them one by one would', () => {
    expect(latestPerId([change('a', 2, { n: 20 }), change('a', 2, { n: 21 })])).toEqual([change('a', 2, { n: 20 })]);
  });

  it('is empty for no changes', () => {
    expect(latestPerId([])).toEqual([]);
  });
});

describe('duplicateKeyIndexes', () => {
  it('gives the indexes of the writes refused as duplicates (one write error or several)', () => {
    expect(
      duplicateKeyIndexes({
        writeErrors: [
          { index: 0, code: 11000 },
          { index: 3, code: 11000 },
        ],
      }),
    ).toEqual(new Set([0, 3]));
    expect(duplicateKeyIndexes({ writeErrors: { index: 2, code: 11000 } })).toEqual(new Set([2]));
  });

  it('throws the error itself when anything else failed', () => {
    const mixed = {
      writeErrors: [
        { index: 0, code: 11000 },
        { index: 1, code: 121 },
      ],
    };
    expect(() => duplicateKeyIndexes(mixed)).toThrow(expect.objectContaining(mixed) as Error);
    const network = new Error('connection reset');
    expect(() => duplicateKeyIndexes(network)).toThrow(network);
  });
});
