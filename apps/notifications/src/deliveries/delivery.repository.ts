import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { isDuplicateKeyError } from '@yp/shared-persistence';
import type { Language, TemplateName } from '../templates/templates';

export type DeliveryStatus = 'queued' | 'sent' | 'failed';

export interface Delivery {
  /** sha256(eventId | personId | template): one email per event, recipient and template. */
  _id: string;
  eventId: string;
  eventType: string;
  template: TemplateName;
  personId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  sentAt?: Date;
  lastError?: string;
  smtpResponse?: string;
  messageId?: string;
  /** Kept so the email can be rendered when it is sent (the recipient is resolved then too). */
  event: unknown;
  language?: Language;
}

/** Why an email was not sent, or what replaced a detail that quoted the address. */
export const RECIPIENT_ERASED = 'recipient erased (GDPR): not sent';

export function deliveryId(eventId: string, personId: string, template: string): string {
  return createHash('sha256').update(`${eventId}|${personId}|${template}`).digest('hex');
}

@Injectable()
export class DeliveryRepository {
  readonly collection: mongo.Collection<Delivery>;

  constructor(@InjectConnection() connection: Connection) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.collection = connection.db.collection<Delivery>('deliveries');
  }

  /** Queues a delivery once; a second enqueue of the same (event, recipient, template) is a no-op. */
  async enqueue(delivery: Omit<Delivery, 'status' | 'attempts' | 'nextAttemptAt' | 'createdAt'>): Promise<boolean> {
    try {
      await this.collection.insertOne({ ...delivery, status: 'queued', attempts: 0, nextAttemptAt: new Date(), createdAt: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  due(limit: number): Promise<Delivery[]> {
    return this.collection.find({ status: 'queued', nextAttemptAt: { $lte: new Date() } }).sort({ nextAttemptAt: 1 }).limit(limit).toArray();
  }

  async markSent(id: string, smtpResponse: string, messageId: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { status: 'sent', sentAt: new Date(), smtpResponse, messageId }, $inc: { attempts: 1 } });
  }

  async markRetry(id: string, attempts: number, error: string, next: Date): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { attempts, lastError: error.slice(0, 500), nextAttemptAt: next } });
  }

  async markFailed(id: string, attempts: number, error: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { status: 'failed', attempts, lastError: error.slice(0, 500) } });
  }

  /**
   * A person was erased: queued emails to them are never sent (failed, reason below), and their
   * rows keep only the person id — an SMTP error or reply that quoted the address is redacted.
   * Returns how many queued emails were cancelled. Safe to repeat.
   */
  async cancelForErasedPerson(personId: string): Promise<number> {
    const cancelled = await this.collection.updateMany(
      { personId, status: 'queued' },
      { $set: { status: 'failed', lastError: RECIPIENT_ERASED }, $unset: { language: '' } },
    );
    await this.collection.updateMany({ personId, lastError: { $regex: '@' } }, { $set: { lastError: RECIPIENT_ERASED } });
    await this.collection.updateMany(
      { personId, smtpResponse: { $regex: '@' } },
      { $set: { smtpResponse: '[redacted: recipient erased]' } },
    );
    await this.collection.updateMany({ personId, language: { $exists: true } }, { $unset: { language: '' } });
    return cancelled.modifiedCount;
  }

  async list(limit: number): Promise<Omit<Delivery, 'event'>[]> {
    return this.collection.find({}, { projection: { event: 0 } }).sort({ createdAt: -1 }).limit(limit).toArray();
  }
}
