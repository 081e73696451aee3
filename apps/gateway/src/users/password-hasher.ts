import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id with the OWASP Password Storage Cheat Sheet's baseline (19 MiB, 2 iterations, 1 lane).
 * Hashes are PHC strings, so the parameters travel with each hash and can be raised later.
 */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Verified against when the username is unknown, so that the answer takes as long either way. */
let dummyHash: Promise<string> | undefined;

export const passwordHasher = {
  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  },

  async verify(phc: string | undefined, password: string): Promise<boolean> {
    const target = phc ?? (await (dummyHash ??= hash('not-a-real-password-0000', OPTIONS)));
    try {
      return (await verify(target, password)) && phc !== undefined;
    } catch {
      return false;
    }
  },
};
