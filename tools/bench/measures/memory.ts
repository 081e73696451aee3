// Measure 6: resident memory (VmRSS) of each service process, idle (the lowest it reaches over a
// quiet spell once every service has started on the loaded data set, before any measure: V8 returns
// its start-up garbage after a few idle seconds) and after all the other measures. Target: ≤ 150 MB
// idle per service.
import { row, type BenchContext } from '../bench-context';
import type { BenchSystem } from '../bench-system';
import type { ResultRow } from '../report';
import { median } from '../stats';

const SAMPLES = 5;
const SAMPLE_EVERY_MS = 200;

/** The median of a few samples a moment apart. */
export async function sampleRss(system: BenchSystem, key: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
    samples.push(system.rssMB(key));
  }
  return median(samples);
}

/** Each service's lowest resident memory over `seconds` of no load, sampled every half second. */
export async function idleRss(system: BenchSystem, keys: readonly string[], seconds: number): Promise<Map<string, number>> {
  const lowest = new Map(keys.map((key) => [key, system.rssMB(key)]));
  for (const until = Date.now() + seconds * 1000; Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 500));
    for (const key of keys) lowest.set(key, Math.min(lowest.get(key) ?? Number.POSITIVE_INFINITY, system.rssMB(key)));
  }
  return lowest;
}

export async function measureMemory(ctx: BenchContext, idle: ReadonlyMap<string, number>): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const [key, idleMB] of idle) {
    const afterMB = await sampleRss(ctx.system, key);
    rows.push(
      row(ctx.options, {
        id: `memory.${key}`,
        measure: 6,
        title: `resident memory of ${key}`,
        figures: { idle: { value: idleMB, unit: 'MB' }, 'after the load': { value: afterMB, unit: 'MB' } },
        ratio: null,
        checked: idleMB,
        target: { op: '<=', value: 150, text: '≤ 150 MB idle' },
        rounds: [{ idleMB, afterMB }],
      }),
    );
  }
  return rows;
}
