import { LRUCache } from 'lru-cache';

export interface FreshReadsOptions {
  /** How long a read is shared: the longest a change made elsewhere (another instance) goes unseen. */
  readonly maxAgeMs: number;
  /** Documents kept at most (least recently used go first). Default 10 000. */
  readonly max?: number;
  /** Milliseconds since some start (tests pass their own clock); default `performance.now`. */
  readonly clock?: { now(): number };
}

/**
 * Reads of small, hot documents that every request needs (the session behind an access token, an
 * API key), shared for at most `maxAgeMs` instead of read from the store on every request. What
 * this instance changes it forgets at once (`forget`); what another instance changes is seen within
 * `maxAgeMs`. Concurrent reads of one id share one store read; a missing document is never kept, so
 * one created a moment ago is found. `maxAgeMs: 0` reads the store every time.
 */
export class FreshReads<V extends object> {
  private readonly cache: LRUCache<string, V> | undefined;

  constructor(
    private readonly load: (id: string) => Promise<V | undefined>,
    options: FreshReadsOptions,
  ) {
    if (options.maxAgeMs > 0)
      this.cache = new LRUCache<string, V>({
        max: options.max ?? 10_000,
        ttl: options.maxAgeMs,
        fetchMethod: (id) => load(id),
        ...(options.clock ? { perf: options.clock, ttlResolution: 0 } : {}),
      });
  }

  /** The document, read at most `maxAgeMs` ago; `fresh` reads the store now (and shares that read). */
  get(id: string, options: { fresh?: boolean } = {}): Promise<V | undefined> {
    if (!this.cache) return this.load(id);
    return this.cache.fetch(id, { forceRefresh: options.fresh === true });
  }

  /** Drops what this instance has read of `id`: call it after changing the document. */
  forget(id: string): void {
    this.cache?.delete(id);
  }
}
