import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { CreateApiKeyRequestDto, RotateApiKeyRequestDto } from '@yp/contracts-http';
import { FreshReads, type Loaded } from '@yp/shared-persistence';
import type { Caller } from '@gateway/access/caller';
import { GatewayConfig } from '@gateway/config/gateway-config';
import { apiKeyInvalid, apiKeyRevoked, badExpiry } from './api-key.errors';
import { ApiKeyRepository } from './api-key.repository';
import type { ApiKeyState } from './api-key.state';

/** `ypk_<10-char id>_<43-char secret>`; the id is the visible prefix that names the key in lists and logs. */
const KEY = /^ypk_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const DAY_MS = 86_400_000;
const TOUCH_INTERVAL_MS = 60_000;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

function newSecret(shortId: string): string {
  return `ypk_${shortId}_${randomBytes(32).toString('base64url')}`;
}

/** The requested expiry (or a year from now), within two years. */
function expiryOf(requested: string | undefined, now: number): Date {
  const expiresAt = requested ? new Date(requested) : new Date(now + 365 * DAY_MS);
  if (expiresAt.getTime() <= now) throw badExpiry('expiresAt must be in the future');
  if (expiresAt.getTime() > now + 2 * 366 * DAY_MS) throw badExpiry('expiresAt must be at most two years ahead');
  return expiresAt;
}

/** The presented secret's hash is the key's current secret, or its previous one within the grace period. */
function matches(key: ApiKeyState, hash: Buffer): boolean {
  if (timingSafeEqual(hash, Buffer.from(key.keyHash, 'hex'))) return true;
  return (
    key.previousKeyHash !== undefined &&
    timingSafeEqual(hash, Buffer.from(key.previousKeyHash, 'hex')) &&
    (key.previousValidUntil?.getTime() ?? 0) > Date.now()
  );
}

function newKeyId(): string {
  return [...randomBytes(10)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

/**
 * API keys for systems. The secret has 256 bits of entropy, so a plain SHA-256 is the right hash
 * (a slow password hash would only slow every request); it is compared in constant time.
 */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly touchedAt = new Map<string, number>();
  /** Keys as read at most CREDENTIAL_CHECK_MAX_AGE_MS ago: a revocation elsewhere takes effect within that. */
  private readonly recent: FreshReads<Loaded<ApiKeyState>>;

  constructor(
    private readonly keys: ApiKeyRepository,
    config: GatewayConfig,
  ) {
    this.recent = new FreshReads((id) => this.keys.load(id), { maxAgeMs: config.CREDENTIAL_CHECK_MAX_AGE_MS });
  }

  async create(request: CreateApiKeyRequestDto, createdBy: string): Promise<{ key: Loaded<ApiKeyState>; secret: string }> {
    const now = Date.now();
    const expiresAt = expiryOf(request.expiresAt, now);
    const shortId = newKeyId();
    const secret = newSecret(shortId);
    const state: ApiKeyState = {
      name: request.name,
      regions: [...request.regions].sort(),
      access: request.access,
      keyHash: sha256(secret).toString('hex'),
      createdAt: new Date(now),
      createdBy,
      expiresAt,
    };
    const key = await this.keys.store.create(`key_${shortId}`, { state, records: [] });
    return { key, secret };
  }

  /**
   * A new secret for the same key: same id, regions, access and everything bound to the id (its
   * PUT-by-source-id bindings, its webhook subscriptions). The previous secret keeps working for
   * `previousValidForHours` (default 24), so the system can switch without downtime. A revoked key
   * cannot be rotated (409); an expired one can (that renews it).
   */
  async rotate(id: string, request: RotateApiKeyRequestDto): Promise<{ key: Loaded<ApiKeyState>; secret: string } | undefined> {
    const now = Date.now();
    const expiresAt = expiryOf(request.expiresAt, now);
    const secret = newSecret(id.replace(/^key_/, ''));
    const graceMs = (request.previousValidForHours ?? 24) * 60 * 60 * 1000;
    const key = await this.keys.store.update(id, (current) => {
      if (current.state.revokedAt) throw apiKeyRevoked(id);
      const previousUsable = current.state.expiresAt.getTime() > now && graceMs > 0;
      const { previousKeyHash: _h, previousValidUntil: _u, ...rest } = current.state;
      return {
        state: {
          ...rest,
          keyHash: sha256(secret).toString('hex'),
          expiresAt,
          rotatedAt: new Date(now),
          ...(previousUsable
            ? {
                previousKeyHash: current.state.keyHash,
                previousValidUntil: new Date(Math.min(now + graceMs, current.state.expiresAt.getTime())),
              }
            : {}),
        },
        records: [],
      };
    });
    this.recent.forget(id);
    return key ? { key, secret } : undefined;
  }

  async revoke(id: string, revokedBy: string): Promise<Loaded<ApiKeyState> | undefined> {
    const key = await this.keys.store.update(id, (current) =>
      current.state.revokedAt ? null : { state: { ...current.state, revokedAt: new Date(), revokedBy }, records: [] },
    );
    this.recent.forget(id);
    return key;
  }

  async authenticate(token: string): Promise<Caller> {
    const match = KEY.exec(token);
    if (!match) throw apiKeyInvalid('The API key is not valid.');
    const id = `key_${match[1] ?? ''}`;
    const hash = sha256(token);
    // A secret the recent read does not know may have been rotated in a moment ago elsewhere: read again.
    let key = await this.recent.get(id);
    if (key && !matches(key.state, hash)) key = await this.recent.get(id, { fresh: true });
    if (!key || !matches(key.state, hash)) throw apiKeyInvalid('The API key is not valid.');
    if (key.state.revokedAt) throw apiKeyInvalid('The API key has been revoked.');
    if (key.state.expiresAt.getTime() <= Date.now()) throw apiKeyInvalid('The API key has expired.');
    this.touch(id);
    return {
      kind: 'key',
      actor: `key:${id}`,
      roles: [key.state.access === 'read-write' ? 'integration' : 'integration-reader'],
      regions: key.state.regions,
    };
  }

  /** Records last use at most once a minute per key and process; never fails the request. */
  private touch(id: string): void {
    const now = Date.now();
    if (now - (this.touchedAt.get(id) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.touchedAt.set(id, now);
    this.keys.touch(id, new Date(now)).catch((error: unknown) => this.logger.warn(`Could not record use of ${id}: ${String(error)}`));
  }
}
