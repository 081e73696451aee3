import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { isDuplicateKeyError } from '@yp/shared-persistence';

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdempotencyRecord {
  /** SHA-256 of caller and key: keys are per caller. */
  _id: string;
  fingerprint: string;
  createdAt: Date;
  response?: StoredResponse;
}

/**
 * Idempotency keys: the first request claims the key with a unique insert (atomic on FerretDB too),
 * its answer is stored when sent, and repeats replay it for 24 hours. FerretDB has no TTL indexes,
 * so an hourly sweep deletes expired records.
 */
@Injectable()
export class IdempotencyRecordRepository implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyRecordRepository.name);
  private readonly records: mongo.Collection<IdempotencyRecord>;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(@InjectConnection() connection: Connection) {
    const db = connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    this.records = db.collection<IdempotencyRecord>('idempotency_keys');
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => {
      this.records
        .deleteMany({ createdAt: { $lt: new Date(Date.now() - IDEMPOTENCY_WINDOW_MS) } })
        .catch((error: unknown) => this.logger.warn(`Idempotency sweep failed: ${String(error)}`));
    }, 3600_000);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** Claims the key; returns the existing record when someone already holds it. */
  async claim(id: string, fingerprint: string): Promise<IdempotencyRecord | undefined> {
    try {
      await this.records.insertOne({ _id: id, fingerprint, createdAt: new Date() });
      return undefined;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.records.findOne({ _id: id });
      if (existing && existing.createdAt.getTime() < Date.now() - IDEMPOTENCY_WINDOW_MS) {
        // Expired: start over.
        await this.records.deleteOne({ _id: id, createdAt: existing.createdAt });
        return this.claim(id, fingerprint);
      }
      return existing ?? undefined;
    }
  }

  async complete(id: string, response: StoredResponse): Promise<void> {
    await this.records.updateOne({ _id: id }, { $set: { response } });
  }

  async release(id: string): Promise<void> {
    await this.records.deleteOne({ _id: id });
  }
}
