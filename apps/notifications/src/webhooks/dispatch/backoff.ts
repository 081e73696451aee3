export interface BackoffPolicy {
  /** Delay after the first failed attempt. */
  readonly baseMs: number;
  /** The doubling stops here. */
  readonly maxMs: number;
}

/**
 * Delay before the attempt after `failedAttempts` failures: base doubling per failure up to the cap,
 * then ±20 % jitter so that deliveries that failed together (an endpoint down) do not all come
 * back in the same second. With the defaults (30 s, 1 h) that is about 30 attempts in 24 hours.
 */
export function retryDelayMs(failedAttempts: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, failedAttempts - 1), 40);
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(step * (0.8 + 0.4 * random()));
}
