import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { VersionedStore, type Loaded } from '@yp/shared-persistence';
import type { ApiKeyState } from './api-key.state';

interface ApiKeyUsage {
  _id: string;
  lastUsedAt: Date;
}

/** API keys in a versioned store; last-used times apart, so that use does not grow the change log. */
@Injectable()
export class ApiKeyRepository {
  readonly store: VersionedStore<ApiKeyState>;
  private readonly usage: mongo.Collection<ApiKeyUsage>;

  constructor(@InjectConnection() connection: Connection) {
    const db = connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    this.store = new VersionedStore<ApiKeyState>(db, 'api_keys');
    this.usage = db.collection<ApiKeyUsage>('api_key_usage');
  }

  load(id: string): Promise<Loaded<ApiKeyState> | undefined> {
    return this.store.load(id);
  }

  list(after: string | undefined, limit: number): Promise<Loaded<ApiKeyState>[]> {
    return this.store.page(after, limit);
  }

  async lastUsed(ids: readonly string[]): Promise<Map<string, Date>> {
    const docs = await this.usage.find({ _id: { $in: [...ids] } }).toArray();
    return new Map(docs.map((d) => [d._id, d.lastUsedAt]));
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.usage.replaceOne({ _id: id }, { lastUsedAt: at }, { upsert: true });
  }
}
