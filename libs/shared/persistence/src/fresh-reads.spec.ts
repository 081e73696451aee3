import { FreshReads } from './fresh-reads';

function store() {
  const docs = new Map<string, { v: number }>();
  const reads: string[] = [];
  let release: (() => void) | undefined;
  const load = async (id: string) => {
    reads.push(id);
    if (release === undefined) return docs.get(id);
    await new Promise<void>((r) => (release = r));
    return docs.get(id);
  };
  return { docs, reads, load, hold: () => (release = () => {}), release: () => release?.() };
}

describe('FreshReads', () => {
  let time = 0;
  const clock = { now: () => time };
  beforeEach(() => (time = 1_000));

  it('shares a read for maxAgeMs, then reads the store again', async () => {
    const s = store();
    s.docs.set('a', { v: 1 });
    const reads = new FreshReads(s.load, { maxAgeMs: 1000, clock });
    expect(await reads.get('a')).toEqual({ v: 1 });
    s.docs.set('a', { v: 2 });
    time += 999;
    expect(await reads.get('a')).toEqual({ v: 1 });
    expect(s.reads).toEqual(['a']);
    time += 2;
    expect(await reads.get('a')).toEqual({ v: 2 });
    expect(s.reads).toEqual(['a', 'a']);
  });

  it('forgets what this instance changed, and reads fresh on request', async () => {
    const s = store();
    s.docs.set('a', { v: 1 });
    const reads = new FreshReads(s.load, { maxAgeMs: 1000, clock });
    await reads.get('a');
    s.docs.set('a', { v: 2 });
    reads.forget('a');
    expect(await reads.get('a')).toEqual({ v: 2 });
    s.docs.set('a', { v: 3 });
    expect(await reads.get('a', { fresh: true })).toEqual({ v: 3 });
    expect(s.reads).toHaveLength(3);
  });

  it('never keeps a missing document: one created a moment later is found', async () => {
    const s = store();
    const reads = new FreshReads(s.load, { maxAgeMs: 1000, clock });
    expect(await reads.get('b')).toBeUndefined();
    s.docs.set('b', { v: 1 });
    expect(await reads.get('b')).toEqual({ v: 1 });
  });

  it('lets concurrent reads of one id share one store read', async () => {
    const s = store();
    s.docs.set('a', { v: 1 });
    s.hold();
    const reads = new FreshReads(s.load, { maxAgeMs: 1000, clock });
    const both = Promise.all([reads.get('a'), reads.get('a')]);
    await new Promise((r) => setImmediate(r));
    s.release();
    expect(await both).toEqual([{ v: 1 }, { v: 1 }]);
    expect(s.reads).toEqual(['a']);
  });

  it('with maxAgeMs 0 reads the store every time', async () => {
    const s = store();
    s.docs.set('a', { v: 1 });
    const reads = new FreshReads(s.load, { maxAgeMs: 0, clock });
    await reads.get('a');
    await reads.get('a');
    expect(s.reads).toEqual(['a', 'a']);
  });
});
