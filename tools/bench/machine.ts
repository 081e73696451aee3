// What a run ran on, for the report: the store the services use and the machine.
import { cpus, loadavg, totalmem } from 'node:os';
import type { mongo } from 'mongoose';
import type { BenchReport } from './report';

/** "FerretDB v1.24.2 (SQLite)" or "MongoDB 7.0.x": what the services store in (`db` holds an `organisations` collection). */
export async function describeStore(db: mongo.Db): Promise<string> {
  const info = await db.admin().command({ buildInfo: 1 });
  const ferret = typeof info.ferretdbVersion === 'string' ? info.ferretdbVersion : undefined;
  if (!ferret) return `MongoDB ${String(info.version)}`;
  // FerretDB v1 reports its backend's plan: SQLite as lines, PostgreSQL as a tree.
  const explained = await db
    .command({ explain: { find: 'organisations', filter: { 'state.kind': 'association' } } })
    .catch(() => undefined);
  const plan = (explained?.queryPlanner as { Plan?: unknown } | undefined)?.Plan;
  const backend = Array.isArray(plan) ? 'SQLite' : plan ? 'PostgreSQL' : 'backend unknown';
  return `FerretDB ${ferret} (${backend})`;
}

/** Cores, memory and Node.js of this machine; `loadAverage` as it was when the run began. */
export function describeMachine(loadAverage: number[] = loadavg()): BenchReport['machine'] {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    loadAverage,
  };
}
