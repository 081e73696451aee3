import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { isDuplicateKeyError, VersionedStore, type Loaded } from '@yp/shared-persistence';
import type { LoginFailures, UserCredentials, UserState } from './user.state';

interface UsernameClaim {
  _id: string;
  userId: string;
}

export const normaliseUsername = (username: string) => username.trim().toLowerCase();

/**
 * Users: a versioned store (concurrent admin edits cannot lose one another), a username claim
 * collection (`_id` = username: unique, and the only indexed lookup FerretDB has), credentials
 * apart from the change log, and login-failure counters.
 */
@Injectable()
export class UserRepository {
  readonly store: VersionedStore<UserState>;
  private readonly usernames: mongo.Collection<UsernameClaim>;
  private readonly credentials: mongo.Collection<UserCredentials>;
  private readonly failures: mongo.Collection<LoginFailures>;

  constructor(@InjectConnection() connection: Connection) {
    const db = connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    this.store = new VersionedStore<UserState>(db, 'users');
    this.usernames = db.collection<UsernameClaim>('user_usernames');
    this.credentials = db.collection<UserCredentials>('user_credentials');
    this.failures = db.collection<LoginFailures>('login_failures');
  }

  /** Claims a username atomically; false if another user holds it. */
  async claimUsername(username: string, userId: string): Promise<boolean> {
    try {
      await this.usernames.insertOne({ _id: normaliseUsername(username), userId });
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const holder = await this.usernames.findOne({ _id: normaliseUsername(username) });
      return holder?.userId === userId;
    }
  }

  async idOfUsername(username: string): Promise<string | undefined> {
    return (await this.usernames.findOne({ _id: normaliseUsername(username) }))?.userId;
  }

  load(id: string): Promise<Loaded<UserState> | undefined> {
    return this.store.load(id);
  }

  list(after: string | undefined, limit: number): Promise<Loaded<UserState>[]> {
    return this.store.page(after, limit);
  }

  credentialsOf(userId: string): Promise<UserCredentials | null> {
    return this.credentials.findOne({ _id: userId });
  }

  async setPassword(userId: string, passwordHash: string, changedAt: Date | null): Promise<void> {
    await this.credentials.replaceOne({ _id: userId }, { passwordHash, passwordChangedAt: changedAt }, { upsert: true });
  }

  failuresOf(username: string): Promise<LoginFailures | null> {
    return this.failures.findOne({ _id: failureKey(username) });
  }

  async recordFailures(username: string, failures: number, lockedUntil: Date | null): Promise<void> {
    await this.failures.replaceOne({ _id: failureKey(username) }, { failures, lastFailureAt: new Date(), lockedUntil }, { upsert: true });
  }

  async clearFailures(username: string): Promise<void> {
    await this.failures.deleteOne({ _id: failureKey(username) });
  }
}

/** Hashed, so that mistyped passwords entered as usernames are not stored readable. */
function failureKey(username: string): string {
  return createHash('sha256').update(normaliseUsername(username), 'utf8').digest('hex');
}
