import { parseBenchOptions } from './bench-options';

describe('bench options', () => {
  it('defaults to the full run of issue 11', () => {
    const o = parseBenchOptions([], {});
    expect(o).toMatchObject({
      smoke: false,
      small: 1000,
      large: 20000,
      municipalities: 51,
      rounds: 3,
      roundSeconds: 10,
      only: [1, 2, 3, 4, 5, 6],
    });
  });

  it('takes smoke defaults, then environment variables, then flags', () => {
    expect(parseBenchOptions(['--smoke'], {})).toMatchObject({ smoke: true, small: 60, rounds: 1, roundSeconds: 1 });
    expect(parseBenchOptions(['--smoke'], { YP_BENCH_ROUND_SECONDS: '2' }).roundSeconds).toBe(2);
    expect(parseBenchOptions(['--smoke', '--round-seconds', '3'], { YP_BENCH_ROUND_SECONDS: '2' }).roundSeconds).toBe(3);
    expect(parseBenchOptions(['--only', '1,6'], {}).only).toEqual([1, 6]);
    expect(parseBenchOptions([], { YP_BENCH_SMOKE: '1' }).smoke).toBe(true);
  });

  it('refuses what it cannot measure', () => {
    expect(() => parseBenchOptions(['--rounds', '0'], {})).toThrow('--rounds');
    expect(() => parseBenchOptions(['--small', 'many'], {})).toThrow('--small');
    expect(() => parseBenchOptions(['--small', '5000', '--large', '1000'], {})).toThrow('--large');
    expect(() => parseBenchOptions(['--only', '7'], {})).toThrow('--only');
    expect(() => parseBenchOptions(['--unknown'], {})).toThrow();
  });
});
