import type { Options } from 'pino-http';
import { loggerParams } from './logging';

describe('loggerParams', () => {
  const [options] = loggerParams('test-service', 'info').pinoHttp as [Options, unknown];
  const serializers = options.serializers as Record<string, (value: unknown) => unknown>;

  it('access lines read the raw request: method and the public path, without the query', () => {
    expect(serializers.req({ method: 'GET', url: '/organisations?limit=5', originalUrl: '/api/v1/organisations?limit=5' })).toEqual({
      method: 'GET',
      url: '/api/v1/organisations',
    });
    expect(serializers.req({ method: 'POST', url: '/x?y=1' })).toEqual({ method: 'POST', url: '/x' });
  });

  it('access lines read the raw response: its status, none before the answer started (a client that left)', () => {
    expect(serializers.res({ statusCode: 404, headersSent: true })).toEqual({ statusCode: 404 });
    expect(serializers.res({ statusCode: 200, headersSent: false })).toEqual({ statusCode: null });
  });

  it('pino-http does not wrap them (its wrapping copies every header first)', () => {
    expect(options.wrapSerializers).toBe(false);
  });
});
