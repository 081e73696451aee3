import { chooseClusterId, clusterIdProblem, newClusterId } from './cluster-id.mjs';

/** A `randomBytes` that hands out the given 16-byte buffers in turn. */
function scripted(...draws: Buffer[]): (size: number) => Buffer {
  let next = 0;
  return (size: number) => {
    const draw = draws[next++];
    if (!draw || draw.length !== size) throw new Error(`no scripted draw ${next} of ${size} bytes`);
    return draw;
  };
}

// 0xf8 in the first byte makes the first base64url character "-" (index 62), as 1 draw in 64 does.
const DASH_FIRST = Buffer.from('f8000000000040008000000000000001', 'hex');
const PLAIN = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');

describe('Kafka cluster id', () => {
  it("has Kafka's form: 22 characters of URL-safe base64 for a version-4 UUID", () => {
    const id = newClusterId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const bytes = Buffer.from(id, 'base64url');
    expect(bytes).toHaveLength(16);
    expect(bytes[6] >> 4).toBe(4);
    expect(bytes[8] >> 6).toBe(0b10);
  });

  it('draws again when an id would begin with "-"', () => {
    expect(DASH_FIRST.toString('base64url')).toMatch(/^-/);
    const id = newClusterId(scripted(DASH_FIRST, PLAIN));
    expect(id).toBe('ASNFZ4mrTe-BI0VniavN7w');
    expect(id.startsWith('-')).toBe(false);
  });

  it('never begins with "-" over many draws (1 in 64 would without the rule)', () => {
    const ids = Array.from({ length: 5000 }, () => newClusterId());
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names what is wrong with an id the storage tool cannot take', () => {
    expect(clusterIdProblem('ASNFZ4mrTe-BI0VniavN7w')).toBeNull();
    expect(clusterIdProblem('-Lx0bKbRQ4mZbcHxvMZ4Lw')).toMatch(/begins with "-"/);
    expect(clusterIdProblem('')).toMatch(/empty/);
    expect(clusterIdProblem('not an id')).toMatch(/not 16 bytes/);
    expect(clusterIdProblem('AAAAAAAAAAAAAAAAAAAAAA')).toMatch(/reserves/);
  });

  it('keeps a usable stored id (a failed format is retried with the same id)', () => {
    expect(chooseClusterId('ASNFZ4mrTe-BI0VniavN7w\n', scripted())).toEqual({ id: 'ASNFZ4mrTe-BI0VniavN7w', replaced: null });
  });

  it('replaces a stored id that begins with "-" instead of failing every start', () => {
    const chosen = chooseClusterId('-Lx0bKbRQ4mZbcHxvMZ4Lw\n', scripted(PLAIN));
    expect(chosen.id).toBe('ASNFZ4mrTe-BI0VniavN7w');
    expect(chosen.replaced).toEqual({ id: '-Lx0bKbRQ4mZbcHxvMZ4Lw', problem: expect.stringMatching(/begins with "-"/) as unknown });
  });

  it('makes a new id when none is stored yet', () => {
    expect(chooseClusterId('', scripted(PLAIN))).toEqual({ id: 'ASNFZ4mrTe-BI0VniavN7w', replaced: null });
  });
});
