/** What the sender needs to know of a queued delivery before it reads the delivery itself. */
export interface QueuedDelivery {
  /** The delivery's `_id`. */
  readonly id: string;
  readonly personId: string;
  /** Attempts made so far: the next one claims `<id>:<attempts + 1>`. */
  readonly attempts: number;
  /** When it may be sent (epoch ms). */
  readonly dueAt: number;
}

/**
 * This instance's queued deliveries, in memory, by due time: the sender takes what is due without
 * asking the store (ADR 011). Entries due now wait in arrival order; later ones (retries after a
 * backoff, work adopted from another instance) are kept sorted by due time. One entry per delivery:
 * adding a delivery it holds replaces the entry (a retry moves it).
 *
 * Pure (the caller passes the time), so that the scheduling can be tested without timers.
 */
export class DueQueue {
  private readonly entries = new Map<string, QueuedDelivery>();
  /** Ids due at the latest when they were added, oldest first (may hold ids removed since). */
  private ready: string[] = [];
  private readyHead = 0;
  /** Entries due later, sorted by `dueAt` (may hold entries replaced or removed since). */
  private readonly later: QueuedDelivery[] = [];

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): QueuedDelivery | undefined {
    return this.entries.get(id);
  }

  add(entry: QueuedDelivery, now: number): void {
    this.entries.set(entry.id, entry);
    if (entry.dueAt <= now) {
      this.ready.push(entry.id);
      return;
    }
    // Binary search for the first later entry due after this one (equal times keep arrival order).
    let low = 0;
    let high = this.later.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.later[mid].dueAt <= entry.dueAt) low = mid + 1;
      else high = mid;
    }
    this.later.splice(low, 0, entry);
  }

  remove(id: string): void {
    this.entries.delete(id);
  }

  /**
   * Takes (and removes) up to `limit` entries due at `now`, the ready ones first (arrival order),
   * then the later ones whose time has come (by due time).
   */
  take(limit: number, now: number): QueuedDelivery[] {
    this.promote(now);
    const taken: QueuedDelivery[] = [];
    while (taken.length < limit && this.readyHead < this.ready.length) {
      const id = this.ready[this.readyHead++];
      const entry = this.entries.get(id);
      // Removed, or replaced by an entry due later (which sits in `later`): skip this stale id.
      if (!entry || entry.dueAt > now) continue;
      this.entries.delete(id);
      taken.push(entry);
    }
    if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    }
    return taken;
  }

  /** When the earliest entry not yet due becomes due (epoch ms), or undefined if none waits. */
  nextDueAt(now: number): number | undefined {
    this.promote(now);
    if (this.readyHead < this.ready.length) return now;
    return this.later.find((e) => this.entries.get(e.id) === e)?.dueAt;
  }

  /** Moves the later entries whose time has come to the ready list, dropping stale ones. */
  private promote(now: number): void {
    let due = 0;
    while (due < this.later.length && this.later[due].dueAt <= now) due++;
    if (due === 0) return;
    for (const entry of this.later.splice(0, due)) {
      if (this.entries.get(entry.id) === entry) this.ready.push(entry.id);
    }
  }
}
