import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { CATEGORIES, type Category, type DeliveryMode } from '@notifications/vocabulary';

export type Preferences = Record<Category, DeliveryMode>;

export const DEFAULT_PREFERENCES: Preferences = Object.freeze(Object.fromEntries(CATEGORIES.map((c) => [c, 'immediately'])) as Preferences);

interface PreferenceDocument {
  _id: string;
  categories: Partial<Preferences>;
  updatedAt: Date;
}

/** Per person and category; a person without a document gets everything immediately. */
@Injectable()
export class PreferenceRepository {
  private readonly collection: mongo.Collection<PreferenceDocument>;

  constructor(@InjectConnection() connection: Connection) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.collection = connection.db.collection<PreferenceDocument>('preferences');
  }

  async get(personId: string): Promise<Preferences> {
    const doc = await this.collection.findOne({ _id: personId });
    return { ...DEFAULT_PREFERENCES, ...(doc?.categories ?? {}) };
  }

  /** Sets the given categories, keeps the others. The whole document is replaced (last write wins). */
  async set(personId: string, changes: Partial<Preferences>): Promise<Preferences> {
    const next = { ...(await this.get(personId)), ...changes };
    await this.collection.replaceOne({ _id: personId }, { categories: next, updatedAt: new Date() }, { upsert: true });
    return next;
  }

  async erase(personId: string): Promise<void> {
    await this.collection.deleteOne({ _id: personId });
  }
}
