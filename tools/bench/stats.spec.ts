import { median, percentile, ratio, steadyRatePerSecond } from './stats';

describe('benchmark statistics', () => {
  it('takes medians of odd and even counts, and none of nothing', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('takes nearest-rank percentiles', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([1, 2, Number.POSITIVE_INFINITY], 99)).toBe(Number.POSITIVE_INFINITY);
  });

  it('measures a steady rate between the 10th and the 90th percentile, leaving out ramp and tail', () => {
    // 100 events 10 ms apart (100/s), with a slow start and a straggler that the window leaves out.
    const times = [...Array.from({ length: 100 }, (_, i) => 5000 + i * 10), 0, 20000];
    expect(steadyRatePerSecond(times)).toBeCloseTo(100, 0);
    expect(steadyRatePerSecond([1, 2, 3])).toBeUndefined();
  });

  it('gives a ratio only of positive, finite sides', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.NaN, 1)).toBeNaN();
  });
});
