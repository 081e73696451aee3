import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
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

/** The audit trail of writes. Append-only; no values of personal data, only who, what, when, where. */
@Injectable()
export class AuditEventRepository {
  private readonly events: mongo.Collection<AuditEvent>;

  constructor(@InjectConnection() connection: Connection) {
    const db = connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    this.events = db.collection<AuditEvent>('audit_events');
  }

  async append(event: AuditEvent): Promise<void> {
    await this.events.insertOne(event);
  }

  /** Newest first. */
  list(filter: { actor?: string; since?: Date }, before: string | undefined, limit: number): Promise<AuditEvent[]> {
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
