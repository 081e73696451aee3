import { duplicateKeyIndexes } from './projection';
import { isDuplicateKeyError } from './versioned-store';

/** Where `insertOnce` writes: a MongoDB collection has it, and so does a test's fake. */
export interface InsertTarget<T> {
  insertOne(doc: T): Promise<unknown>;
}

/** Where `insertManyOnce` writes: a MongoDB collection has it, and so does a test's fake. */
export interface InsertManyTarget<T> {
  insertMany(docs: T[], options: { ordered: false }): Promise<unknown>;
}

/**
 * Inserts `doc` unless a document with its `_id` exists; true when this call inserted it. On
 * FerretDB (no transactions, updates are read-then-write) a unique insert is the one atomic step:
 * of any number of callers racing with the same `_id`, exactly one gets true. Other errors are thrown.
 */
export async function insertOnce<T extends { _id: string }>(collection: InsertTarget<T>, doc: T): Promise<boolean> {
  try {
    await collection.insertOne(doc);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/**
 * `insertOnce` for many documents in one command (`insertMany`, unordered): per document, whether
 * this call inserted it (false: a document with its `_id` existed, or came earlier in `docs`). Each
 * document's insert is atomic on its own, so of callers racing with the same `_id` exactly one
 * gets true for it. Errors other than duplicate keys are thrown (nothing is known of the others then).
 */
export async function insertManyOnce<T extends { _id: string }>(collection: InsertManyTarget<T>, docs: readonly T[]): Promise<boolean[]> {
  if (docs.length === 0) return [];
  try {
    await collection.insertMany([...docs], { ordered: false });
    return docs.map(() => true);
  } catch (error) {
    const duplicates = duplicateKeyIndexes(error);
    return docs.map((_, i) => !duplicates.has(i));
  }
}

/**
 * One claim: who took it and when; with a lease, until when and which generation. `Details` are
 * the caller's own fields, kept beside (for whoever reads the collection).
 */
export type ClaimDocument<Details extends object = object> = Details & {
  /** The claimed key; with a lease, the key plus `:<generation>`. */
  _id: string;
  holder: string;
  claimedAt: Date;
  generation?: number;
  leaseUntil?: Date;
};

/** The three operations claims need; a MongoDB collection has them, and so does a test's fake. */
export interface ClaimStore<Details extends object = object> {
  insertOne(doc: ClaimDocument<Details>): Promise<unknown>;
  /** For `claimMany` (claims without a lease); a store without it claims one key at a time. */
  insertMany?(docs: ClaimDocument<Details>[], options: { ordered: false }): Promise<unknown>;
  findOne(filter: { _id: string }): Promise<ClaimDocument<Details> | null>;
  deleteMany(filter: { claimedAt: { $lt: Date } }): Promise<{ deletedCount: number }>;
}

export interface UniqueClaimOptions {
  /** Who claims (this instance), recorded in every claim. */
  readonly holder: string;
  /**
   * Without a lease a claim is for good: its key is never claimed again, and a caller that wants to
   * try again claims a new key (the next attempt number, say). With a lease, a claim whose holder
   * did not finish within `leaseMs` (it died) may be taken over by exactly one other claimer, as the
   * next generation (`<key>:2`, `<key>:3`, … each again a unique insert).
   */
  readonly leaseMs?: number;
  /** With a lease: the generations after which a key is exhausted (a poison job must not loop for ever). Default 20. */
  readonly maxGenerations?: number;
}

const DEFAULT_MAX_GENERATIONS = 20;

/**
 * Claim by unique insert: of any number of instances claiming the same key at once, exactly one
 * wins, on FerretDB as on MongoDB (see `insertOnce`). The winner does the work the key stands
 * for (send attempt 3 of a delivery); the others leave it. Claims are small documents that
 * accumulate: `purgeClaimedBefore` removes those no one needs any more.
 */
export class UniqueClaims<Details extends object = object> {
  private readonly maxGenerations: number;

  constructor(
    private readonly store: ClaimStore<Details>,
    private readonly options: UniqueClaimOptions,
  ) {
    this.maxGenerations = options.maxGenerations ?? DEFAULT_MAX_GENERATIONS;
  }

  get holder(): string {
    return this.options.holder;
  }

  /**
   * Claims `key` for this holder: the claim's `_id` when this caller won it, undefined while another
   * holds it (or, with a lease, when every generation is used up).
   */
  async claim(key: string, options: { readonly details?: Details; readonly now?: Date } = {}): Promise<string | undefined> {
    const now = options.now ?? new Date();
    const base = { ...options.details, holder: this.options.holder, claimedAt: now } as ClaimDocument<Details>;
    const leaseMs = this.options.leaseMs;
    if (leaseMs === undefined) return (await insertOnce(this.store, { ...base, _id: key })) ? key : undefined;
    for (let generation = 1; generation <= this.maxGenerations; generation++) {
      const id = `${key}:${generation}`;
      if (await insertOnce(this.store, { ...base, _id: id, generation, leaseUntil: new Date(now.getTime() + leaseMs) })) return id;
      const held = await this.store.findOne({ _id: id });
      // Still leased (or gone: purged meanwhile, so long finished): not ours to take.
      if (!held?.leaseUntil || held.leaseUntil.getTime() > now.getTime()) return undefined;
    }
    return undefined;
  }

  /**
   * Claims without a lease, many keys in one write (one unordered `insertMany`): the keys this
   * caller won. A key missing from the answer was claimed before (by another holder, or by this
   * one earlier): the same answer `claim` gives, for each key on its own. Errors other than
   * duplicate keys are thrown; the caller then knows nothing of the batch and must treat its keys
   * as claimed by someone (a claim that did go in is followed as an interrupted attempt).
   */
  async claimMany(keys: readonly string[], now: Date = new Date()): Promise<Set<string>> {
    if (this.options.leaseMs !== undefined) throw new Error('claimMany is for claims without a lease');
    const docs = keys.map((key) => ({ holder: this.options.holder, claimedAt: now, _id: key }) as ClaimDocument<Details>);
    const store = this.store;
    const insertMany = store.insertMany?.bind(store);
    const won = insertMany ? await insertManyOnce({ insertMany }, docs) : await Promise.all(docs.map((doc) => insertOnce(store, doc)));
    return new Set(keys.filter((_, i) => won[i]));
  }

  /** A claim by its `_id` (the key itself, without a lease). */
  get(id: string): Promise<ClaimDocument<Details> | null> {
    return this.store.findOne({ _id: id });
  }

  /** With a lease: whether every generation of `key` was claimed and abandoned, so nobody may do it any more. */
  async exhausted(key: string, now: Date = new Date()): Promise<boolean> {
    const last = await this.store.findOne({ _id: `${key}:${this.maxGenerations}` });
    return last?.leaseUntil !== undefined && last.leaseUntil.getTime() <= now.getTime();
  }

  /** Deletes claims taken before `cutoff`; returns how many. */
  async purgeClaimedBefore(cutoff: Date): Promise<number> {
    return (await this.store.deleteMany({ claimedAt: { $lt: cutoff } })).deletedCount;
  }
}
