/** A login session: one refresh-token chain. Each refresh rotates the token (a new version). */
export interface SessionState {
  userId: string;
  /** SHA-256 of the refresh token that is valid now; any other presented token is a reuse. */
  tokenHash: string;
  createdAt: Date;
  /** Absolute end, however often the session is refreshed. */
  expiresAt: Date;
  refreshedAt: Date;
  revokedAt?: Date;
  revokedReason?: 'logout' | 'password-changed' | 'user-changed' | 'token-reused';
  /** Client address at login. */
  address: string;
}
