import { AppError } from './app-error';
import { HealthController } from './health';
import { Readiness, type ReadinessCheck } from './readiness';

const check = (name: string, result: () => Promise<boolean | string>): ReadinessCheck => ({ name, check: result });

describe('Readiness and HealthController', () => {
  it('answers with the registered checks, up while none is down', async () => {
    const readiness = new Readiness();
    readiness.add(check('database', () => Promise.resolve(true)));
    readiness.add(check('outbox', () => Promise.resolve('connected, backlog 3')));
    const controller = new HealthController(readiness);
    await expect(controller.ready()).resolves.toEqual({
      status: 'up',
      checks: { database: 'up', outbox: 'connected, backlog 3' },
    });
  });

  it('is 503 with the failing checks when one says false or throws', async () => {
    const readiness = new Readiness();
    readiness.add(check('database', () => Promise.resolve(true)));
    readiness.add(check('consumer:a', () => Promise.resolve(false)));
    readiness.add(check('consumer:b', () => Promise.reject(new Error('broker away'))));
    const answer = await new HealthController(readiness).ready().catch((error: unknown) => error);
    expect(answer).toBeInstanceOf(AppError);
    expect(answer).toMatchObject({
      status: 503,
      code: 'SERVICE.NOT_READY',
      extensions: { checks: { database: 'up', 'consumer:a': 'down', 'consumer:b': 'down: broker away' } },
    });
  });

  it('bounds a hanging check by its timeout', async () => {
    jest.useFakeTimers();
    try {
      const readiness = new Readiness();
      readiness.add(check('stuck', () => new Promise(() => undefined)));
      const answer = new HealthController(readiness).ready().catch((error: unknown) => error);
      await jest.advanceTimersByTimeAsync(2000);
      expect(await answer).toMatchObject({ status: 503, extensions: { checks: { stuck: 'down: timed out after 2000 ms' } } });
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses two checks of one name (two consumers of one group would hide each other)', () => {
    const readiness = new Readiness();
    readiness.add(check('consumer:x', () => Promise.resolve(true)));
    expect(() => readiness.add(check('consumer:x', () => Promise.resolve(true)))).toThrow(/registered twice/);
  });

  it('without a registry there is nothing to wait for', async () => {
    await expect(new HealthController().ready()).resolves.toEqual({ status: 'up', checks: {} });
  });
});
