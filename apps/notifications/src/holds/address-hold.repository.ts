import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { insertOnce } from '@yp/shared-persistence';

/**
 * An address the mail server refused permanently (a 5xx: no such mailbox, domain gone). Later
 * emails to it are not attempted until a coordinator releases it (after the officer's address was
 * corrected, say): retrying a dead address on every event only hurts the sender's reputation.
 * Keyed by a hash of the address; the address itself is shown masked.
 */
export interface AddressHold {
  _id: string;
  personId: string;
  maskedAddress: string;
  reason: string;
  deliveryId: string;
  createdAt: Date;
}

export const holdId = (address: string): string => createHash('sha256').update(address.trim().toLowerCase()).digest('hex').slice(0, 32);

/** l***@pudasjarvi.example.fi: enough for a coordinator to recognise it, not to harvest it. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

/** Masks every email address in a text (SMTP replies often quote the recipient). */
export function maskAddresses(text: string): string {
  return text.replace(/[^\s<>"'@,;:()]+@[^\s<>"'@,;:()]+/g, (address) => maskAddress(address));
}

@Injectable()
export class AddressHoldRepository {
  readonly collection: mongo.Collection<AddressHold>;

  constructor(@InjectConnection() connection: Connection) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.collection = connection.db.collection<AddressHold>('address_holds');
  }

  async hold(address: string, personId: string, reason: string, deliveryId: string): Promise<void> {
    await insertOnce(this.collection, {
      _id: holdId(address),
      personId,
      maskedAddress: maskAddress(address),
      reason: reason.slice(0, 500),
      deliveryId,
      createdAt: new Date(),
    });
  }

  async isHeld(address: string): Promise<AddressHold | null> {
    return this.collection.findOne({ _id: holdId(address) });
  }

  list(limit: number): Promise<AddressHold[]> {
    return this.collection.find({}).sort({ createdAt: -1 }).limit(limit).toArray();
  }

  async release(id: string): Promise<boolean> {
    return (await this.collection.deleteOne({ _id: id })).deletedCount === 1;
  }

  async erase(personId: string): Promise<void> {
    await this.collection.deleteMany({ personId });
  }
}
