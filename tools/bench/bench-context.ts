// What every measure gets: the options, the running system, clients for it, the data set loaded,
// and the way to say what it is doing.
import type { Municipality } from '@yp/contracts-reference';
import type { BenchOptions } from './bench-options';
import type { BenchSystem } from './bench-system';
import type { DirectClient, GatewayClient } from './clients';
import type { Mailbox } from './mailbox';
import type { ResultRow, Target } from './report';
import { meets } from './report';

export interface DataSet {
  /** Organisations in each register (the small one also serves the gateway). */
  readonly sizes: { readonly small: number; readonly large: number };
  readonly municipalities: readonly Municipality[];
  /** Organisation ids of the small register, for reads by id. */
  readonly sampleIds: readonly string[];
  /** The municipality the list pages filter on. */
  readonly listMunicipality: string;
  /** A search term matching exactly one organisation in each register. */
  readonly searchTerm: string;
}

export interface BenchContext {
  readonly options: BenchOptions;
  readonly system: BenchSystem;
  readonly gateway: GatewayClient;
  /** The organisations service of the small register (behind the gateway) and of the large one. */
  readonly direct: { readonly small: DirectClient; readonly large: DirectClient };
  readonly mailbox: Mailbox;
  readonly dataSet: DataSet;
  say(line: string): void;
}

/** Builds a result row; thresholds are evaluated except in smoke runs. */
export function row(options: BenchOptions, fields: Omit<ResultRow, 'met'>): ResultRow {
  return { ...fields, met: options.smoke ? null : meets(fields.target, fields.checked) };
}

/** `rounds` rounds of the sides in turn (A, B, A, B, ...): machine noise hits every side alike. */
export async function interleaved<K extends string, T>(rounds: number, sides: Record<K, () => Promise<T>>): Promise<Record<K, T[]>> {
  const keys = Object.keys(sides) as K[];
  const results = Object.fromEntries(keys.map((k) => [k, [] as T[]])) as Record<K, T[]>;
  for (let r = 0; r < rounds; r++) for (const k of keys) results[k].push(await sides[k]());
  return results;
}

export type { Target };
