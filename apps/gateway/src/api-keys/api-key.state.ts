import type { ApiKeyAccess } from '@yp/contracts-http';

/** An integration's API key. Only the SHA-256 of the secret key is kept. */
export interface ApiKeyState {
  name: string;
  regions: string[];
  access: ApiKeyAccess;
  keyHash: string;
  /** After a rotation: the previous secret's hash, accepted until `previousValidUntil`. */
  previousKeyHash?: string;
  previousValidUntil?: Date;
  rotatedAt?: Date;
  createdAt: Date;
  createdBy: string;
  expiresAt: Date;
  revokedAt?: Date;
  revokedBy?: string;
}
