import type { Logger } from '@nestjs/common';
import { PeriodicTask } from './periodic-task';

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('never overlaps runs, logs failures instead of throwing, and stop() waits for the run in progress', async () => {
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m) } as unknown as Logger;
    let started = 0;
    let finish: (() => void) | undefined;
    const task = new PeriodicTask(
      'Sweep',
      100,
      () => {
        started++;
        if (started === 2) return Promise.reject(new Error('db away'));
        return new Promise<void>((resolve) => (finish = resolve));
      },
      logger,
    );
    task.start();

    await jest.advanceTimersByTimeAsync(100);
    expect(started).toBe(1);
    await jest.advanceTimersByTimeAsync(300); // still running: ticks are skipped
    expect(started).toBe(1);
    finish?.();
    await jest.advanceTimersByTimeAsync(100);
    expect(started).toBe(2);
    expect(warnings).toEqual(['Sweep failed: Error: db away']);

    await jest.advanceTimersByTimeAsync(100);
    expect(started).toBe(3);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish?.();
    await stopping;
    await jest.advanceTimersByTimeAsync(500);
    expect(started).toBe(3);
  });
});
