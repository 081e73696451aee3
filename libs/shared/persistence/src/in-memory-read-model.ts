import type { mongo } from 'mongoose';
import type { Loaded, VersionedStore } from './versioned-store';

/** A field of a state as a filter sees it: one value, several (an array: any element matches) or none. */
export type FieldValues<S> = (state: S) => string | readonly string[] | null | undefined;

export interface ReadModelDefinition<S, F extends string> {
  /** The fields lists filter on by equality (an array field matches any of its elements), by filter name. */
  readonly fields: { readonly [K in F]: FieldValues<S> };
  /** The normalised text a search matches as a substring (e.g. names without case or diacritics). */
  readonly text?: (state: S) => string;
  /** When the state last changed: ISO timestamps of one format (they sort as strings). The change feed's order. */
  readonly changedAt: (state: S) => string;
  /** A tombstone: it stays for the change feed and is never listed. */
  readonly deleted: (state: S) => boolean;
}

/** Filters of a list: equality on the definition's fields (all must match) and a search text. */
export interface ReadModelFilter<F extends string> {
  readonly where?: { readonly [K in F]?: string | undefined };
  /** Already normalised as the definition's `text` is; matched as a substring. */
  readonly text?: string | undefined;
}

/** A position in the change feed's (changedAt, id) order. */
export interface ChangePosition {
  readonly changedAt: string;
  readonly id: string;
}

export interface ChangeFeedQuery<F extends string> {
  /** Changes at or after this time (the same format as `changedAt`). */
  readonly since?: string | undefined;
  /** Strictly after this position (the cursor of the page before). */
  readonly after?: ChangePosition | undefined;
  /** Only live states matching these filters; without it every state, tombstones included. */
  readonly live?: ReadModelFilter<F> | undefined;
}

/** The first index in `items` (sorted by `compare`) whose element is not before `key`. */
function lowerBound<T, K>(items: readonly T[], key: K, compare: (item: T, key: K) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(items[middle], key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Between the texts of the search scan; never in a text (replaced) nor in a term (no match). */
const TEXT_SEPARATOR = '\u0000';

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** The first index whose id is after `id` (strictly). */
const afterId = (ids: readonly string[], id: string) => lowerBound(ids, id, (item, key) => (item <= key ? -1 : 1));

function insertSorted(ids: string[], id: string): void {
  const i = lowerBound(ids, id, byString);
  if (ids[i] !== id) ids.splice(i, 0, id);
}

function removeSorted(ids: string[], id: string): void {
  const i = lowerBound(ids, id, byString);
  if (ids[i] === id) ids.splice(i, 1);
}

/** The first index at or after `from` in sorted `ids` whose id is not before `id` (galloping, then binary search). */
function seek(ids: readonly string[], id: string, from: number): number {
  let step = 1;
  let high = from;
  while (high < ids.length && ids[high] < id) {
    from = high + 1;
    high += step;
    step *= 2;
  }
  let low = from;
  high = Math.min(high, ids.length);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ids[middle] < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The ids in every one of the sorted `lists` (at least one; the shortest first is quickest), in
 * order, strictly after `after`. Each list is entered by binary search; then the candidate is the
 * first list's next id, and each other list is searched forward from where it stood to it (a
 * galloping search: O(log gap)). Where they disagree, the candidate jumps to the larger id. A page
 * of k matches costs O(lists × (log n + k + skips × log gap)), never a walk over every id of one list.
 */
export function* intersect(lists: readonly (readonly string[])[], after?: string): Generator<string> {
  const [first, ...others] = lists;
  const at = lists.map((ids) => (after === undefined ? 0 : afterId(ids, after)));
  let candidate = first[at[0]];
  while (candidate !== undefined) {
    let agreed = true;
    for (let j = 0; j < others.length; j++) {
      const ids = others[j];
      const i = (at[j + 1] = seek(ids, candidate, at[j + 1]));
      if (i >= ids.length) return;
      if (ids[i] !== candidate) {
        at[0] = seek(first, ids[i], at[0]); // the next id of the first list not before this one
        agreed = false;
        break;
      }
    }
    if (agreed) {
      yield candidate;
      at[0]++;
    }
    candidate = first[at[0]];
  }
}

function valuesOf(values: string | readonly string[] | null | undefined): readonly string[] {
  if (values === null || values === undefined) return [];
  return typeof values === 'string' ? [values] : values;
}

/**
 * The latest states of one VersionedStore held in memory, with the indexes its list queries need,
 * so that a filtered page, a search and the change feed never scan the store (FerretDB v1 evaluates
 * every filter but `_id` after reading the whole collection). The store stays the truth:
 *
 * - `build()` reads the states collection once, then heals from the change log as `load` does
 *   (one projected read of it; states behind their latest change are reloaded by id);
 * - every commit and every `load` of the store in this process reaches it at once (the store's
 *   `onVersion` hook); commits by other processes reach it through `refresh(id)`, which the service
 *   calls for each of its own events (see docs/architecture.md, "Read models").
 *
 * Kept per state: the loaded state itself, its id in the live id order (an array sorted by id), in
 * one sorted id array per value of each filter field, and its (changedAt, id) position in the change
 * feed's order (tombstones included). Sorted arrays with binary search: an insert or a removal moves
 * at most the array's tail (microseconds at 10⁵ entries); a filtered page intersects the sorted id
 * lists of its values from the cursor on (`intersect`), so it costs a binary search per list plus
 * the page, however many states the register or one filter value holds.
 */
export class InMemoryReadModel<S extends mongo.Document, F extends string> {
  private readonly entries = new Map<string, Loaded<S>>();
  /** Ids of live (not deleted) states, sorted. */
  private readonly liveIds: string[] = [];
  /** Per filter field, per value: ids of live states holding it, sorted. */
  private readonly postings = new Map<F, Map<string, string[]>>();
  /** Every state (tombstones included) in (changedAt, id) order. */
  private readonly changeOrder: Loaded<S>[] = [];
  private readonly fieldNames: readonly F[];
  /** Set once `build` has read the store: from then on every apply keeps the indexes too. */
  private indexed = false;
  private building: Promise<void> | undefined;
  private healing: Promise<void> | undefined;
  /** Live states' texts in id order, one string (see `search`); rebuilt on demand after a change. */
  private textScan: { readonly text: string; readonly starts: readonly number[] } | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: VersionedStore<S>,
    private readonly definition: ReadModelDefinition<S, F>,
  ) {
    this.fieldNames = Object.keys(definition.fields) as F[];
    for (const field of this.fieldNames) this.postings.set(field, new Map());
    // A copy: the committing handler (or the caller of `load`) keeps its object and may change it.
    this.unsubscribe = store.onVersion((id, version, state) => {
      if (this.isNewer(id, version)) this.apply(id, version, state === null ? null : structuredClone(state));
    });
  }

  /** True once built: the service is ready to answer from it. */
  get isBuilt(): boolean {
    return this.indexed;
  }

  /** States held (tombstones included). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Reads the states collection once and indexes it: then the model answers (and the service may
   * be ready). Idempotent. Commits during the build are applied as they happen, and a state read
   * later than its commit never replaces a newer version. Starts `healed()` after.
   */
  build(): Promise<void> {
    this.building ??= this.loadStates().then(
      () => {
        this.healing = this.heal();
        this.healing.catch(() => undefined); // reported to whoever awaits healed()
      },
      (error: unknown) => {
        this.building = undefined; // a later call tries again
        throw error;
      },
    );
    return this.building;
  }

  /**
   * Resolves once the change log has been read after the build and every state document found
   * behind it reloaded by id (see `heal`); rejects if that read failed (the model stays as built).
   */
  async healed(): Promise<void> {
    await this.build();
    await this.healing;
  }

  /** Resolves once built (starting the build if nobody has). Queries wait on it. */
  whenBuilt(): Promise<void> {
    return this.indexed ? Promise.resolve() : this.build();
  }

  /** Stops following the store's commits (the model is no longer kept current). */
  close(): void {
    this.unsubscribe();
  }

  /**
   * Re-reads one aggregate from the store (point lookups by `_id`, healing as `load` does) and
   * applies it: how a commit of another process reaches this one.
   */
  async refresh(id: string): Promise<void> {
    const loaded = await this.store.load(id); // its onVersion hook applies what it found
    if (!loaded) this.remove(id);
  }

  /** Whether `version` is newer than the one held for `id` (or nothing is held). */
  isNewer(id: string, version: number): boolean {
    return (this.entries.get(id)?.version ?? 0) < version;
  }

  /**
   * Applies one committed version; an older or equal one than held is ignored. `null`: the aggregate
   * is gone. The model keeps `state` as it is: never change it afterwards (nor a state it returns).
   */
  apply(id: string, version: number, state: S | null): void {
    const old = this.entries.get(id);
    if (old && old.version >= version) return;
    if (old && this.indexed) this.unindex(old);
    if (state === null) {
      this.entries.delete(id);
      return;
    }
    const entry: Loaded<S> = { id, version, state };
    this.entries.set(id, entry);
    if (this.indexed) this.index(entry);
  }

  /** The state held for an id (tombstones included). */
  get(id: string): Loaded<S> | undefined {
    return this.entries.get(id);
  }

  /**
   * Live states matching `filter` in id order, strictly after `after`; at most `limit`. The filter
   * values' sorted id lists are intersected from the cursor on (`intersect`): a binary search into
   * each, then a step or a search per match, never a walk over states that do not match them all.
   * A text is checked on each of those (or, without other filters, found by `search`).
   */
  page(filter: ReadModelFilter<F>, after: string | undefined, limit: number): Loaded<S>[] {
    this.assertBuilt();
    const lists = this.postingLists(filter);
    if (lists === undefined) return [];
    const text = this.definition.text && filter.text ? filter.text : undefined;
    if (lists.length === 0 && text !== undefined) return this.search(text, after, limit);
    const found: Loaded<S>[] = [];
    for (const id of intersect(lists.length === 0 ? [this.liveIds] : lists, after)) {
      if (found.length >= limit) break;
      const entry = this.entries.get(id);
      if (entry && (text === undefined || this.textOf(entry.state).includes(text))) found.push(entry);
    }
    return found;
  }

  /**
   * The change feed: states in (changedAt, id) order at or after `since` and strictly after `after`,
   * tombstones included unless `live` filters are given; at most `limit`.
   */
  changes(query: ChangeFeedQuery<F>, limit: number): Loaded<S>[] {
    this.assertBuilt();
    const at = (entry: Loaded<S>) => this.definition.changedAt(entry.state);
    let start = 0;
    if (query.since !== undefined) {
      const since = query.since;
      start = lowerBound(this.changeOrder, since, (entry, key) => byString(at(entry), key));
    }
    if (query.after !== undefined) {
      const after = query.after;
      const past = lowerBound(this.changeOrder, after, (entry, key) => {
        const byTime = byString(at(entry), key.changedAt);
        return byTime !== 0 ? byTime : entry.id <= key.id ? -1 : 1;
      });
      start = Math.max(start, past);
    }
    const found: Loaded<S>[] = [];
    for (let i = start; i < this.changeOrder.length && found.length < limit; i++) {
      const entry = this.changeOrder[i];
      if (!query.live || this.matches(entry.state, query.live)) found.push(entry);
    }
    return found;
  }

  /**
   * A search without other filters: one `indexOf` pass over the live states' texts joined in id
   * order (native, about a millisecond for 10⁵ names), not a call per state. The joined text is
   * rebuilt on the first search after a change.
   */
  private search(term: string, after: string | undefined, limit: number): Loaded<S>[] {
    if (term.includes(TEXT_SEPARATOR)) return [];
    const scan = (this.textScan ??= this.joinTexts());
    const found: Loaded<S>[] = [];
    let from = after === undefined ? 0 : (scan.starts[afterId(this.liveIds, after)] ?? scan.text.length);
    while (found.length < limit) {
      const at = scan.text.indexOf(term, from);
      if (at < 0) break;
      const i = lowerBound(scan.starts, at, (start, key) => (start <= key ? -1 : 1)) - 1; // the text holding `at`
      const entry = this.entries.get(this.liveIds[i]);
      if (entry) found.push(entry);
      const next = scan.starts[i + 1];
      if (next === undefined) break;
      from = next;
    }
    return found;
  }

  private joinTexts(): { text: string; starts: number[] } {
    const text = this.definition.text;
    const starts: number[] = [];
    const parts: string[] = [];
    let length = 0;
    for (const id of this.liveIds) {
      const part = text ? text((this.entries.get(id) as Loaded<S>).state).replaceAll(TEXT_SEPARATOR, ' ') : '';
      starts.push(length);
      parts.push(part);
      length += part.length + TEXT_SEPARATOR.length;
    }
    return { text: parts.join(TEXT_SEPARATOR), starts };
  }

  private assertBuilt(): void {
    if (!this.indexed) throw new Error(`The read model of ${this.store.name} is not built yet: await whenBuilt() first`);
  }

  private async loadStates(): Promise<void> {
    for await (const doc of this.store.states.find({}, { batchSize: 1000 })) this.apply(doc._id, doc.version, doc.state);
    this.reindex();
  }

  /**
   * A state document may lag its change log (a writer that died between the two writes, or two
   * processes' state writes racing): reads the change log's latest version per aggregate (one
   * projected read of it, after the build: it is the larger collection, so it does not delay
   * readiness) and reloads by id each state behind it. This also covers commits of other processes
   * made while the states were read, before this process's event feed had its starting offsets.
   */
  private async heal(): Promise<void> {
    const latest = new Map<string, number>();
    const versions = this.store.changes.find({}, { projection: { _id: 0, aggregateId: 1, version: 1 }, batchSize: 5000 });
    for await (const change of versions) {
      if ((latest.get(change.aggregateId) ?? 0) < change.version) latest.set(change.aggregateId, change.version);
    }
    for (const [id, version] of latest) if (this.isNewer(id, version)) await this.refresh(id);
  }

  /** Builds every index from the entries at once (a sort each, rather than one insert per state). */
  private reindex(): void {
    const all = [...this.entries.values()];
    this.liveIds.push(...all.filter((e) => !this.definition.deleted(e.state)).map((e) => e.id));
    this.liveIds.sort(byString);
    for (const id of this.liveIds) {
      const state = (this.entries.get(id) as Loaded<S>).state;
      for (const field of this.fieldNames) {
        const index = this.postings.get(field) as Map<string, string[]>;
        for (const value of new Set(valuesOf(this.definition.fields[field](state)))) {
          const ids = index.get(value);
          if (ids) ids.push(id);
          else index.set(value, [id]);
        }
      }
    }
    this.changeOrder.push(...all);
    this.changeOrder.sort((a, b) => this.compareChange(a, b));
    this.indexed = true;
  }

  private index(entry: Loaded<S>): void {
    const { state, id } = entry;
    const i = lowerBound(this.changeOrder, entry, (item, key) => this.compareChange(item, key));
    this.changeOrder.splice(i, 0, entry);
    if (this.definition.deleted(state)) return;
    this.textScan = undefined;
    insertSorted(this.liveIds, id);
    for (const field of this.fieldNames) {
      const index = this.postings.get(field) as Map<string, string[]>;
      for (const value of valuesOf(this.definition.fields[field](state))) {
        const ids = index.get(value);
        if (ids) insertSorted(ids, id);
        else index.set(value, [id]);
      }
    }
  }

  private unindex(entry: Loaded<S>): void {
    const { state, id } = entry;
    const at = lowerBound(this.changeOrder, entry, (item, key) => this.compareChange(item, key));
    // Found by its position; by identity should its state have been changed in place all the same.
    const i = this.changeOrder[at] === entry ? at : this.changeOrder.indexOf(entry);
    if (i >= 0) this.changeOrder.splice(i, 1);
    if (this.definition.deleted(state)) return;
    this.textScan = undefined;
    removeSorted(this.liveIds, id);
    for (const field of this.fieldNames) {
      const index = this.postings.get(field) as Map<string, string[]>;
      for (const value of valuesOf(this.definition.fields[field](state))) {
        const ids = index.get(value);
        if (!ids) continue;
        removeSorted(ids, id);
        if (ids.length === 0) index.delete(value);
      }
    }
  }

  private remove(id: string): void {
    const old = this.entries.get(id);
    if (!old) return;
    if (this.indexed) this.unindex(old);
    this.entries.delete(id);
  }

  private compareChange(a: Loaded<S>, b: Loaded<S>): number {
    const byTime = byString(this.definition.changedAt(a.state), this.definition.changedAt(b.state));
    return byTime !== 0 ? byTime : byString(a.id, b.id);
  }

  /**
   * The sorted id lists of the filter's values, the shortest first (none: no equality filter);
   * undefined when a value is held by no live state (nothing can match).
   */
  private postingLists(filter: ReadModelFilter<F>): (readonly string[])[] | undefined {
    const lists: (readonly string[])[] = [];
    for (const field of this.fieldNames) {
      const value = filter.where?.[field];
      if (value === undefined) continue;
      const ids = this.postings.get(field)?.get(value);
      if (!ids) return undefined;
      lists.push(ids);
    }
    return lists.sort((a, b) => a.length - b.length);
  }

  private textOf(state: S): string {
    return this.definition.text?.(state) ?? '';
  }

  private matches(state: S, filter: ReadModelFilter<F>): boolean {
    if (this.definition.deleted(state)) return false;
    for (const field of this.fieldNames) {
      const value = filter.where?.[field];
      if (value !== undefined && !valuesOf(this.definition.fields[field](state)).includes(value)) return false;
    }
    if (filter.text !== undefined && this.definition.text && !this.definition.text(state).includes(filter.text)) return false;
    return true;
  }
}
