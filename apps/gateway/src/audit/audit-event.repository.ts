import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';

export interface AuditEvent {
  _id: string;
  at: Date;
  actor: string;
  method: string;
  route: string;
  path: string;
  status: number;
  fields: string[];
  address: string;
  correlationId: string;
}

/** Ids sort by time (`aud_<ms base36><random>`), so `_id` order is time order and the cursor. */
export function auditEventId(at: Date): string {
  return `aud_${at.getTime().toString(36).padStart(9, '0')}${randomBytes(4).toString('hex')}`;
}

export const AUDIT_EVENT_ID = /^aud_[a-z0-9]{9}[a-f0-9]{8}$/;

/** Events written in one insert at most. */
const MAX_BATCH = 500;

/**
 * The audit trail of writes. Append-only; no values of personal data, only who, what, when, where.
 * Appends are group-committed: one insert is in flight at a time, and the events that arrive
 * meanwhile go together in the next one (no added wait when idle; under load one store round trip
 * for many writes). Reads and shutdown wait for what was appended before them.
 */
@Injectable()
export class AuditEventRepository implements OnModuleDestroy {
  private readonly events: mongo.Collection<AuditEvent>;
  private queued: { event: AuditEvent; done: (error?: Error) => void }[] = [];
  private writing: Promise<void> | undefined;

  constructor(@InjectConnection() connection: Connection) {
    const db = connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    this.events = db.collection<AuditEvent>('audit_events');
  }

  /** Resolves once the event is stored (in a batch with the others appended meanwhile). */
  append(event: AuditEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ event, done: (error) => (error === undefined ? resolve() : reject(error)) });
      this.writing ??= this.writeQueued();
    });
  }

  /** Waits until every event appended so far is stored (or failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  private async writeQueued(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = this.queued.slice(0, MAX_BATCH);
      this.queued = this.queued.slice(batch.length);
      try {
        await this.events.insertMany(
          batch.map((b) => b.event),
          { ordered: false },
        );
        for (const b of batch) b.done();
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(`audit events not stored: ${String(error)}`);
        for (const b of batch) b.done(failure);
      }
    }
    this.writing = undefined;
  }

  /** Newest first. */
  async list(filter: { actor?: string; since?: Date }, before: string | undefined, limit: number): Promise<AuditEvent[]> {
    await this.flush();
    const idRange: Record<string, string> = {};
    if (before) idRange.$lt = before;
    if (filter.since) idRange.$gte = `aud_${filter.since.getTime().toString(36).padStart(9, '0')}`;
    const query: Record<string, unknown> = {};
    if (Object.keys(idRange).length > 0) query._id = idRange;
    if (filter.actor) query.actor = filter.actor;
    return this.events
      .find(query as never)
      .sort({ _id: -1 })
      .limit(limit)
      .toArray();
  }
}
