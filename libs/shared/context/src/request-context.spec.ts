import { correlationIdFrom, currentContext, runWithContext } from './request-context';

describe('request context', () => {
  it('keeps a sane caller correlation id and replaces a hostile one', () => {
    expect(correlationIdFrom('abc-123')).toBe('abc-123');
    expect(correlationIdFrom('a b\nc')).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdFrom('x'.repeat(128))).toBe('x'.repeat(128));
    expect(correlationIdFrom('x'.repeat(129))).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdFrom('')).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdFrom('Root=1-5759e988;Sampled=1')).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('follows async work', async () => {
    await runWithContext({ correlationId: 'c1' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(currentContext()?.correlationId).toBe('c1');
    });
    expect(currentContext()).toBeUndefined();
  });
});
