import { passwordHasher } from './password-hasher';

describe('password hasher', () => {
  it('stores argon2id PHC strings with the OWASP baseline parameters and a fresh salt each time', async () => {
    const a = await passwordHasher.hash('correct-horse-battery-staple');
    const b = await passwordHasher.hash('correct-horse-battery-staple');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct-horse');
  });

  it('verifies the right password only', async () => {
    const phc = await passwordHasher.hash('correct-horse-battery-staple');
    await expect(passwordHasher.verify(phc, 'correct-horse-battery-staple')).resolves.toBe(true);
    await expect(passwordHasher.verify(phc, 'Correct-horse-battery-staple')).resolves.toBe(false);
    await expect(passwordHasher.verify(phc, '')).resolves.toBe(false);
  });

  it('an unknown user (no hash) never verifies, and a corrupt hash is a refusal, not a crash', async () => {
    await expect(passwordHasher.verify(undefined, 'not-a-real-password-0000')).resolves.toBe(false);
    await expect(passwordHasher.verify('$argon2id$garbage', 'x')).resolves.toBe(false);
  });
});
