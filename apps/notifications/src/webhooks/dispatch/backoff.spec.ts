import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  const policy = { baseMs: 30_000, maxMs: 3_600_000 };
  const middle = () => 0.5;

  it('doubles from the base per failed attempt and stops at the cap', () => {
    expect([1, 2, 3, 4, 7, 8, 9, 30].map((n) => retryDelayMs(n, policy, middle))).toEqual([
      30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });

  it('jitters by at most 20 % either way', () => {
    expect(retryDelayMs(2, policy, () => 0)).toBe(48_000);
    expect(retryDelayMs(2, policy, () => 0.999999)).toBe(72_000);
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(3, policy);
      expect(delay).toBeGreaterThanOrEqual(96_000);
      expect(delay).toBeLessThanOrEqual(144_000);
    }
  });

  it('spreads about 30 attempts over the first 24 hours with the defaults', () => {
    let elapsed = 0;
    let attempts = 1;
    while (elapsed + retryDelayMs(attempts, policy, middle) <= 24 * 3_600_000) elapsed += retryDelayMs(attempts++, policy, middle);
    expect(attempts).toBeGreaterThanOrEqual(25);
    expect(attempts).toBeLessThanOrEqual(35);
  });
});
