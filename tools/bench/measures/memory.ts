// Measure 6: resident memory (VmRSS) of each service process, idle right after it started (before
// any load) and after all the other measures. Target: ≤ 150 MB idle per service.
import { row, type BenchContext } from '../bench-context';
import type { BenchSystem } from '../bench-system';
import type { ResultRow } from '../report';
import { median } from '../stats';

const SAMPLES = 5;
const SAMPLE_EVERY_MS = 200;

/** The median of a few samples a moment apart (a process just started still settles). */
export async function sampleRss(system: BenchSystem, key: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
    samples.push(system.rssMB(key));
  }
  return median(samples);
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
