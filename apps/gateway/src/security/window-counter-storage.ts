import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Counter {
  readonly ttl: number;
  /** Start of the current window (ms). */
  windowStart: number;
  /** Hits counted in the current and in the previous window. */
  current: number;
  previous: number;
  /** While blocked, until when (ms); 0 when not blocked. */
  blockedUntil: number;
}

/** Counters kept at most; beyond it the idle ones are dropped first (a flood of new credentials). */
const MAX_COUNTERS = 100_000;
const SWEEP_INTERVAL_MS = 60_000;

/**
 * The rate limiter's counters in this process, in constant time and memory per caller: a sliding
 * window estimated from two fixed windows (the previous window's hits weighted by how much of it
 * still overlaps the last `ttl`, plus the current window's). The throttler's own storage keeps one
 * timestamp per hit and filters all of them on every request, so its cost grew with the rate it was
 * limiting (thousands of entries per caller at a few hundred requests a second).
 *
 * Past the limit, the caller is refused for `blockDuration` (the throttler's default: the ttl), then
 * starts afresh, as with the throttler's storage.
 */
export class WindowCounterStorage implements ThrottlerStorage {
  private readonly counters = new Map<string, Counter>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottlerStorageRecord> {
    return Promise.resolve(this.hit(key, ttl, limit, blockDuration));
  }

  /** The synchronous body of increment (what the guard awaits). */
  hit(key: string, ttl: number, limit: number, blockDuration: number): ThrottlerStorageRecord {
    const now = this.now();
    let counter = this.counters.get(key);
    if (!counter) {
      if (this.counters.size >= MAX_COUNTERS) this.sweep(true);
      counter = { ttl, windowStart: now, current: 0, previous: 0, blockedUntil: 0 };
      this.counters.set(key, counter);
    }
    if (counter.blockedUntil > now) {
      return {
        totalHits: limit + 1,
        timeToExpire: seconds(counter.windowStart + ttl - now),
        isBlocked: true,
        timeToBlockExpire: seconds(counter.blockedUntil - now),
      };
    }
    if (counter.blockedUntil !== 0) {
      // The block is over: the caller starts afresh.
      counter.blockedUntil = 0;
      counter.windowStart = now;
      counter.current = 0;
      counter.previous = 0;
    }
    const windows = Math.floor((now - counter.windowStart) / ttl);
    if (windows > 0) {
      counter.previous = windows === 1 ? counter.current : 0;
      counter.current = 0;
      counter.windowStart += windows * ttl;
    }
    const overlap = 1 - (now - counter.windowStart) / ttl;
    const totalHits = Math.floor(counter.previous * overlap) + counter.current + 1;
    if (totalHits > limit && blockDuration > 0) {
      counter.blockedUntil = now + blockDuration;
      return {
        totalHits,
        timeToExpire: seconds(counter.windowStart + ttl - now),
        isBlocked: true,
        timeToBlockExpire: seconds(blockDuration),
      };
    }
    if (totalHits <= limit) counter.current++;
    return { totalHits, timeToExpire: seconds(counter.windowStart + ttl - now), isBlocked: false, timeToBlockExpire: 0 };
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Drops counters with nothing left to count (no block, no hit in the last two windows); all but blocks when `hard`. */
  private sweep(hard = false): void {
    const now = this.now();
    for (const [key, counter] of this.counters) {
      if (counter.blockedUntil > now) continue;
      // Two windows without a hit: the next hit would find both empty, as a new counter does.
      if (hard || now - counter.windowStart >= 2 * counter.ttl) this.counters.delete(key);
    }
  }
}

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));
