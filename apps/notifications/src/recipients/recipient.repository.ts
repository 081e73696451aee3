import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import type { ContactRecordV1, LiaisonOfficerAssignedV1 } from '@yp/contracts-events';
import { Projection } from '@yp/shared-persistence';

export interface Recipient {
  _id: string;
  name: string;
  email: string;
  language: 'fi' | 'sv' | 'en';
  updatedAt: Date;
}

/**
 * The recipients projection: contact data from the compacted contacts topic (a tombstone deletes
 * the person here), and liaison areas from liaison-officer events (ids only).
 */
@Injectable()
export class RecipientRepository {
  private readonly recipients: mongo.Collection<Recipient>;
  readonly liaisonAreas: Projection<LiaisonOfficerAssignedV1>;

  constructor(@InjectConnection() connection: Connection) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.recipients = connection.db.collection<Recipient>('recipients');
    this.liaisonAreas = new Projection<LiaisonOfficerAssignedV1>(connection.db, 'liaison_areas');
  }

  async upsertContact(record: ContactRecordV1): Promise<void> {
    await this.recipients.replaceOne(
      { _id: record.personId },
      { name: record.name, email: record.email, language: record.language, updatedAt: new Date() },
      { upsert: true },
    );
  }

  async erase(personId: string): Promise<void> {
    await this.recipients.deleteOne({ _id: personId });
  }

  findContact(personId: string): Promise<Recipient | null> {
    return this.recipients.findOne({ _id: personId });
  }

  /** Person ids of the active liaison officers of any of these municipalities. */
  async liaisonOfficersOf(municipalities: readonly string[]): Promise<string[]> {
    const docs = await this.liaisonAreas.collection
      .find({ deleted: { $ne: true }, 'data.municipalities': { $in: [...municipalities] } })
      .toArray();
    return [...new Set(docs.map((d) => d.data?.personId).filter((p): p is string => typeof p === 'string'))];
  }
}
