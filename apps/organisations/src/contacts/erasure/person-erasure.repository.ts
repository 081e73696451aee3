import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { ChangeLogOutbox, isDuplicateKeyError, VersionedStore, type Loaded } from '@yp/shared-persistence';
import { LIAISON_OFFICER_PERSONAL_FIELDS, type LiaisonOfficerState } from '@organisations/liaison-officers/liaison-officer.state';
import { LiaisonOfficerRepository } from '@organisations/liaison-officers/liaison-officer.repository';
import { ContactRepository } from '@organisations/contacts/contact.repository';
import { CONTACT_PERSONAL_FIELDS, type ContactState } from '@organisations/contacts/contact.state';
import { ChangeLogScrubber } from './change-log-scrubber';

/**
 * The record that a person was erased: ids and audit facts only (who, when, which aggregates). Its
 * change log carries the tombstone and the `contact.erased.v1` event through the outbox; its unique
 * id (the person id) makes a second erasure a no-op.
 */
export interface PersonErasureState {
  personId: string;
  erasedAt: string;
  erasedBy: string;
  contacts: string[];
  liaisonOfficers: string[];
  /** The other person ids of the same human (records with the same email), erased by the same request. */
  erasedWith?: string[];
  /** Set once every version was seen scrubbed after the relay stopped writing it. */
  verifiedAt?: string;
}

/**
 * Which person ids one erasure request covers, written before anything is erased: once their
 * emails are scrubbed the others could no longer be found, so a request repeated after a crash
 * reads them here. Ids, counts and times only. A plan without `completedAt` is work still to do:
 * the request finishes it, or (a large group) the background erasure, or after a crash the sweep.
 */
export interface ErasurePlan {
  _id: string;
  personIds: string[];
  at: Date;
  /** Who asked (recorded as `erasedBy` by the background erasure); absent on plans from before it. */
  by?: string;
  /** Person ids of the plan erased so far (progress of a background erasure). */
  erased?: number;
  /** The last sign of life of whoever erases the group (the plan, then each batch): the sweep leaves newer ones alone. */
  activeAt?: Date;
  /** Set once every person id of the plan is erased. */
  completedAt?: Date;
}

/** How far the erasure request of a person id got (what POST .../erase and GET .../erasure answer). */
export interface ErasureProgress {
  readonly personId: string;
  readonly status: 'erasing' | 'erased';
  /** Person ids the request erases: this one and the others of the same email. */
  readonly total: number;
  readonly erased: number;
}

export function erasureProgress(plan: ErasurePlan): ErasureProgress {
  const total = plan.personIds.length;
  return plan.completedAt
    ? { personId: plan._id, status: 'erased', total, erased: total }
    : { personId: plan._id, status: 'erasing', total, erased: Math.min(plan.erased ?? 0, total) };
}

export interface PersonAggregates {
  readonly contacts: string[];
  readonly liaisonOfficers: string[];
}

/** Where a person's data lives in this service, and the erasure records. */
@Injectable()
export class PersonErasureRepository {
  readonly erasures: VersionedStore<PersonErasureState>;
  readonly contacts: ChangeLogScrubber<ContactState>;
  readonly officers: ChangeLogScrubber<LiaisonOfficerState>;
  private readonly plans: mongo.Collection<ErasurePlan>;

  constructor(
    @InjectConnection() connection: Connection,
    outbox: ChangeLogOutbox,
    contacts: ContactRepository,
    officers: LiaisonOfficerRepository,
  ) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.erasures = new VersionedStore<PersonErasureState>(connection.db, 'person_erasures', { outbox });
    this.contacts = new ChangeLogScrubber(contacts.store, CONTACT_PERSONAL_FIELDS);
    this.officers = new ChangeLogScrubber(officers.store, LIAISON_OFFICER_PERSONAL_FIELDS);
    this.plans = connection.db.collection<ErasurePlan>('person_erasure_plans');
  }

  /** Every aggregate that ever held the person's data, found in the change logs (erased or not). */
  async aggregatesOf(personId: string): Promise<PersonAggregates> {
    return (await this.aggregatesOfEach([personId])).get(personId) ?? { contacts: [], liaisonOfficers: [] };
  }

  /** `aggregatesOf` for several person ids at once (ids in order, no repeats). */
  async aggregatesOfAll(personIds: readonly string[]): Promise<PersonAggregates> {
    const each = [...(await this.aggregatesOfEach(personIds)).values()];
    return {
      contacts: [...new Set(each.flatMap((a) => a.contacts))].sort(),
      liaisonOfficers: [...new Set(each.flatMap((a) => a.liaisonOfficers))].sort(),
    };
  }

  /**
   * `aggregatesOf` of each person id, found with one read of each change log whatever the number of
   * ids (FerretDB v1 reads a whole change log for such a query, so one read per id would not do).
   */
  async aggregatesOfEach(personIds: readonly string[]): Promise<Map<string, PersonAggregates>> {
    const ids = [...new Set(personIds)];
    const contacts = await this.contacts.store.changes
      .find({ aggregateId: { $in: ids } } as never, { projection: { aggregateId: 1 } })
      .toArray();
    const officers = await this.officers.store.changes
      .find({ 'state.personId': { $in: ids } } as never, { projection: { aggregateId: 1, 'state.personId': 1 } })
      .toArray();
    const sorted = (values: string[]) => [...new Set(values)].sort();
    return new Map(
      ids.map((id) => [
        id,
        {
          contacts: sorted(contacts.filter((d) => d.aggregateId === id).map((d) => d.aggregateId)),
          liaisonOfficers: sorted(officers.filter((d) => d.state?.personId === id).map((d) => d.aggregateId)),
        },
      ]),
    );
  }

  /**
   * This person id and every other one whose records held, in any version, an email address that
   * this person's records held (the same human in another role: a contact person who is also a
   * liaison officer, or a contact of two organisations), sorted. One step, not a closure: an
   * address found on the other record does not pull in a third. Scans the two change logs (export
   * and erasure are rare). Erased records hold no address any more and are not found.
   */
  async sameEmail(personId: string): Promise<string[]> {
    const own = [
      ...(await this.contacts.store.changes.find({ aggregateId: personId } as never, { projection: { state: 1 } }).toArray()),
      ...(await this.officers.store.changes.find({ 'state.personId': personId } as never, { projection: { state: 1 } }).toArray()),
    ];
    const emails = [...new Set(own.flatMap((d) => (typeof d.state?.email === 'string' ? [d.state.email] : [])))];
    if (emails.length === 0) return [personId];
    const contacts = await this.contacts.store.changes
      .find({ 'state.email': { $in: emails } } as never, { projection: { aggregateId: 1 } })
      .toArray();
    const officers = await this.officers.store.changes
      .find({ 'state.email': { $in: emails } } as never, { projection: { state: 1 } })
      .toArray();
    return [
      ...new Set([personId, ...contacts.map((d) => d.aggregateId), ...officers.flatMap((d) => (d.state ? [d.state.personId] : []))]),
    ].sort();
  }

  /**
   * Records (and returns) the plan of one request: these person ids and any an earlier attempt
   * recorded. A plan that gains ids is open again (not completed).
   */
  async plan(personId: string, personIds: readonly string[], by: string): Promise<ErasurePlan> {
    for (;;) {
      const earlier = await this.plans.findOne({ _id: personId });
      const all = [...new Set([...(earlier?.personIds ?? []), ...personIds])].sort();
      if (earlier && all.length === earlier.personIds.length) return earlier;
      const plan: ErasurePlan = { _id: personId, personIds: all, at: new Date(), by, erased: 0, activeAt: new Date() };
      try {
        if (earlier) await this.plans.replaceOne({ _id: personId }, plan);
        else await this.plans.insertOne(plan);
        return plan;
      } catch (error) {
        // A concurrent request of the same erasure recorded its plan first: merge with it.
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
  }

  /** The plan of the erasure request for this person id, if there was one (a point lookup). */
  planOf(personId: string): Promise<ErasurePlan | null> {
    return this.plans.findOne({ _id: personId });
  }

  /** Records the progress of a plan's erasure (`erased` person ids so far), which is also its sign of life. */
  async progress(personId: string, erased: number): Promise<void> {
    await this.plans.updateOne({ _id: personId }, { $set: { erased, activeAt: new Date() } });
  }

  /** Marks a plan done: every one of its person ids is erased. */
  async complete(personId: string, erased: number): Promise<void> {
    const now = new Date();
    await this.plans.updateOne({ _id: personId }, { $set: { erased, activeAt: now, completedAt: now } });
  }

  /**
   * Plans not completed whose eraser showed no sign of life since `quietSince` (the process that ran
   * it stopped): a scan of the plans, a small collection of ids (one per erasure request).
   */
  async abandonedPlans(quietSince: Date, limit: number): Promise<ErasurePlan[]> {
    return this.plans
      .find({
        completedAt: { $exists: false },
        $or: [{ activeAt: { $lt: quietSince } }, { activeAt: { $exists: false }, at: { $lt: quietSince } }],
      })
      .limit(limit)
      .toArray();
  }

  /** Erasures whose scrubbing is not yet verified as final (a scan; a short list). */
  async unverified(limit: number): Promise<Loaded<PersonErasureState>[]> {
    return this.erasures.page(undefined, limit, { 'state.verifiedAt': { $exists: false } });
  }
}
