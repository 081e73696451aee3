import { isValidBusinessId } from './validators';

describe('isValidBusinessId', () => {
  it.each(['1572860-0', '0737546-2', '2617416-4', '0116297-6'])('accepts %s', (id) => expect(isValidBusinessId(id)).toBe(true));
  it.each(['1572860-1', '1572860', '157286-00', 'abcdefg-h', '15728600', ' 1572860-0'])('refuses %s', (id) =>
    expect(isValidBusinessId(id)).toBe(false),
  );
});
