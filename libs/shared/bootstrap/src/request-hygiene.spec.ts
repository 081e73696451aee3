import { findForbiddenKey } from './request-hygiene';

describe('findForbiddenKey', () => {
  it.each([
    [{ name: { $gt: '' } }, 'name.$gt'],
    [{ $where: '1' }, '$where'],
    [JSON.parse('{"__proto__": {"admin": true}}'), '__proto__'],
    [{ a: [{ constructor: { prototype: {} } }] }, 'a[0].constructor'],
    [{ a: { b: { prototype: 1 } } }, 'a.b.prototype'],
  ])('finds the forbidden key in %j', (value, expected) => {
    expect(findForbiddenKey(value)).toBe(expected);
  });

  it('lets ordinary bodies through, dollars in values included', () => {
    expect(findForbiddenKey({ name: { fi: '$ money $' }, list: [1, 'a', null] })).toBeUndefined();
    expect(findForbiddenKey(undefined)).toBeUndefined();
  });

  it('refuses absurdly deep nesting', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 40; i++) {
      deep.a = {};
      deep = deep.a as Record<string, unknown>;
    }
    expect(findForbiddenKey(root)).toMatch(/nested too deep/);
  });
});
