import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '@yp/shared-bootstrap';
import { FreshReads, type Loaded } from '@yp/shared-persistence';
import { GatewayConfig } from '@gateway/config/gateway-config';
import { SessionRepository } from './session.repository';
import type { SessionState } from './session.state';

const REFRESH_TOKEN = /^(ses_[a-f0-9]{32})\.([A-Za-z0-9_-]{43})$/;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const sessionEnded = (detail: string) => new AppError('AUTH.REFRESH_TOKEN_INVALID', 401, 'Unauthorised', detail);

export interface IssuedSession {
  readonly sessionId: string;
  readonly userId: string;
  readonly refreshToken: string;
  readonly expiresAt: Date;
}

/**
 * Login sessions with rotating, single-use refresh tokens (`ses_<id>.<secret>`, only a hash is
 * stored). Presenting a token that was already rotated away means it leaked or was replayed: the
 * whole session is revoked (OAuth 2.0 Security BCP, refresh token reuse detection).
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);
  private readonly ttlMs: number;
  /**
   * Sessions as read at most CREDENTIAL_CHECK_MAX_AGE_MS ago, so that a request does not wait for the
   * store: a logout on this instance takes effect at once, one on another instance within that time.
   */
  private readonly recent: FreshReads<Loaded<SessionState>>;

  constructor(
    private readonly sessions: SessionRepository,
    config: GatewayConfig,
  ) {
    this.ttlMs = config.SESSION_TTL_SECONDS * 1000;
    this.recent = new FreshReads((id) => this.sessions.load(id), { maxAgeMs: config.CREDENTIAL_CHECK_MAX_AGE_MS });
  }

  async open(userId: string, address: string): Promise<IssuedSession> {
    const sessionId = `ses_${randomUUID().replace(/-/g, '')}`;
    const secret = randomBytes(32).toString('base64url');
    const now = new Date();
    const state: SessionState = {
      userId,
      tokenHash: sha256(secret),
      createdAt: now,
      refreshedAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
      address,
    };
    await this.sessions.store.create(sessionId, { state, records: [] });
    return { sessionId, userId, refreshToken: `${sessionId}.${secret}`, expiresAt: state.expiresAt };
  }

  /** Rotates a refresh token. Throws 401 for unknown, ended or reused tokens (a reuse ends the session). */
  async refresh(refreshToken: string): Promise<IssuedSession> {
    const match = REFRESH_TOKEN.exec(refreshToken);
    if (!match) throw sessionEnded('The refresh token is not valid.');
    const [, sessionId = '', secret = ''] = match;
    const presented = Buffer.from(sha256(secret), 'hex');
    const next = randomBytes(32).toString('base64url');
    let reused = false;
    const updated = await this.sessions.store.update(sessionId, (current) => {
      const s = current.state;
      if (s.revokedAt) throw sessionEnded('The session has ended; log in again.');
      if (s.expiresAt.getTime() <= Date.now()) throw sessionEnded('The session has expired; log in again.');
      if (!timingSafeEqual(presented, Buffer.from(s.tokenHash, 'hex'))) {
        reused = true;
        return { state: { ...s, revokedAt: new Date(), revokedReason: 'token-reused' }, records: [] };
      }
      return { state: { ...s, tokenHash: sha256(next), refreshedAt: new Date() }, records: [] };
    });
    if (!updated) throw sessionEnded('The refresh token is not valid.');
    if (reused) {
      this.recent.forget(sessionId);
      this.logger.warn({ sessionId, userId: updated.state.userId }, 'Refresh token reused: session revoked');
      throw sessionEnded('The refresh token was already used; the session has been ended. Log in again.');
    }
    return { sessionId, userId: updated.state.userId, refreshToken: `${sessionId}.${next}`, expiresAt: updated.state.expiresAt };
  }

  async revoke(sessionId: string, reason: NonNullable<SessionState['revokedReason']>): Promise<void> {
    await this.sessions.store.update(sessionId, (current) =>
      current.state.revokedAt ? null : { state: { ...current.state, revokedAt: new Date(), revokedReason: reason }, records: [] },
    );
    this.recent.forget(sessionId);
  }

  /** Ends every open session of a user (password change, role or region change, disabling). */
  async revokeAllOf(userId: string, reason: NonNullable<SessionState['revokedReason']>): Promise<number> {
    const ids = await this.sessions.openSessionIdsOf(userId);
    for (const id of ids) await this.revoke(id, reason);
    return ids.length;
  }

  /** The session behind an access token, if it is still open. */
  async active(sessionId: string): Promise<Loaded<SessionState> | undefined> {
    const session = await this.recent.get(sessionId);
    if (!session || session.state.revokedAt || session.state.expiresAt.getTime() <= Date.now()) return undefined;
    return session;
  }
}
