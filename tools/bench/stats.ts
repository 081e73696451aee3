/** Small statistics for the benchmark: medians of rounds, percentiles of samples, rates. */

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The nearest-rank percentile `p` (0–100) of `values`; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/**
 * Steady-state rate of events at the given times (ms): the events between the 10th and the 90th
 * percentile of their times, per second of that span. Leaves out the ramp at the start and the
 * tail at the end; undefined below 10 events.
 */
export function steadyRatePerSecond(timesMs: readonly number[]): number | undefined {
  if (timesMs.length < 10) return undefined;
  const sorted = [...timesMs].sort((a, b) => a - b);
  const from = Math.floor(sorted.length * 0.1);
  const to = Math.ceil(sorted.length * 0.9) - 1;
  const spanMs = sorted[to] - sorted[from];
  if (spanMs <= 0) return undefined;
  return ((to - from) / spanMs) * 1000;
}

/** A ratio that is a number only when both sides are positive and finite. */
export function ratio(numerator: number, denominator: number): number {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator <= 0) return Number.NaN;
  return numerator / denominator;
}
