import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import type { ContactRecordV1, LiaisonOfficerAssignedV1 } from '@yp/contracts-events';
import { Projection } from '@yp/shared-persistence';
import type { Language } from '@notifications/vocabulary';

export interface Recipient {
  _id: string;
  name: string;
  email: string;
  language: Language;
  updatedAt: Date;
}

/** That a person was erased: the id and when, nothing else (so later records are not taken in again). */
export interface ErasedPerson {
  _id: string;
  erasedAt: string;
  recordedAt: Date;
}

/**
 * The recipients projection: contact data from the compacted contacts topic (a tombstone deletes
 * the person here), and liaison areas from liaison-officer events (ids only). An erasure (tombstone
 * or `organisations.contact.erased.v1`, whichever comes first) drops the person from both and leaves
 * only their id in `erased_persons`.
 */
@Injectable()
export class RecipientRepository {
  private readonly recipients: mongo.Collection<Recipient>;
  private readonly erased: mongo.Collection<ErasedPerson>;
  private readonly liaisonAreas: Projection<LiaisonOfficerAssignedV1>;

  constructor(@InjectConnection() connection: Connection) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.recipients = connection.db.collection<Recipient>('recipients');
    this.liaisonAreas = new Projection<LiaisonOfficerAssignedV1>(connection.db, 'liaison_areas');
    this.erased = connection.db.collection<ErasedPerson>('erased_persons');
  }

  /** Takes in a person's contact data, unless the person was erased (a late or replayed record). */
  async upsertContact(record: ContactRecordV1): Promise<void> {
    if (await this.isErased(record.personId)) return;
    await this.recipients.replaceOne(
      { _id: record.personId },
      { name: record.name, email: record.email, language: record.language, updatedAt: new Date() },
      { upsert: true },
    );
  }

  /**
   * Drops everything held about the person: contact data and liaison areas. Remembers the id first,
   * so that a contact record or assignment arriving later (another partition, a replay) is refused.
   * Safe to repeat.
   */
  async erasePerson(personId: string, erasedAt: string): Promise<void> {
    await this.erased.updateOne({ _id: personId }, { $setOnInsert: { erasedAt, recordedAt: new Date() } }, { upsert: true });
    await this.recipients.deleteOne({ _id: personId });
    await this.liaisonAreas.collection.updateMany(
      { 'data.personId': personId },
      { $set: { data: null, deleted: true, updatedAt: new Date() } },
    );
  }

  /**
   * Takes in a liaison officer's appointment (its areas), newer versions only. An assignment read
   * after the person's erasure (another partition, a replay) must not bring them back.
   */
  async assignLiaisonOfficer(appointmentId: string, version: number, appointment: LiaisonOfficerAssignedV1): Promise<void> {
    if (await this.isErased(appointment.personId)) return;
    await this.liaisonAreas.apply(appointmentId, version, appointment);
  }

  async removeLiaisonOfficer(appointmentId: string, version: number): Promise<void> {
    await this.liaisonAreas.apply(appointmentId, version, null);
  }

  async isErased(personId: string): Promise<boolean> {
    return (await this.erased.findOne({ _id: personId })) !== null;
  }

  findContact(personId: string): Promise<Recipient | null> {
    return this.recipients.findOne({ _id: personId });
  }

  /** Person ids of the active liaison officers of any of these municipalities. */
  async liaisonOfficersOf(municipalities: readonly string[]): Promise<string[]> {
    const docs = await this.liaisonAreas.collection
      .find({ deleted: { $ne: true }, 'data.municipalities': { $in: [...municipalities] } })
      .toArray();
    // Only appointments in force today (Europe/Helsinki dates).
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date());
    const active = docs.filter(
      (d) => (!d.data?.activeFrom || d.data.activeFrom <= today) && (!d.data?.activeTo || d.data.activeTo >= today),
    );
    return [...new Set(active.map((d) => d.data?.personId).filter((p): p is string => typeof p === 'string'))];
  }
}
