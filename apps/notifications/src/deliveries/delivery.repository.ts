import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import type { DELIVERY_STATUSES } from '@yp/contracts-http';
import { insertManyOnce, insertOnce, UniqueClaims, type ClaimDocument } from '@yp/shared-persistence';
import type { TemplateName } from '@notifications/templates/templates';
import type { DigestPeriod, Language, RuleCategory } from '@notifications/vocabulary';
import type { QueuedDelivery } from './due-queue';
import { GroupCommit } from './group-commit';

/**
 * As the delivery log publishes them (`DELIVERY_STATUSES` of the HTTP contract):
 * - `queued`: to be sent (again) at `nextAttemptAt`;
 * - `sent`, `failed`: final;
 * - `held`: not attempted, the address is on hold after a permanent failure;
 * - `skipped`: not sent, the recipient turned the category off;
 * - `digest-pending`: waits for the recipient's daily or weekly digest; `digested` once in one.
 */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery {
  /** sha256(eventId | personId | template): one email per event, recipient and template. */
  _id: string;
  kind?: 'email' | 'digest';
  eventId: string;
  eventType: string;
  template: TemplateName | 'digest';
  category?: RuleCategory;
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
  /** For `digest-pending` items: which digest, and when it is due at the earliest. */
  digest?: { period: DigestPeriod; dueAt: Date };
  /** For digests: the items it collects; for items: the digest that took them. */
  itemIds?: string[];
  digestId?: string;
}

/** What the planner and the digests hand to `enqueue`: the rest is set when it is recorded. */
export type NewDelivery = Omit<Delivery, 'status' | 'attempts' | 'nextAttemptAt' | 'createdAt'> & {
  status?: 'queued' | 'skipped' | 'digest-pending';
};

type QueuedListener = (queued: QueuedDelivery, recorded: Delivery) => void;

/** Most claims, or `sent` outcomes, written in one command. */
const GROUP_MAX = 64;

interface SentOutcome {
  id: string;
  attempts: number;
  smtpResponse: string;
  messageId: string;
  sentAt: Date;
}

/** Point lookups kept in flight at once (FerretDB serves them one by one anyway). */
const LOOKUPS_IN_FLIGHT = 16;

const FINAL_STATUSES: DeliveryStatus[] = ['sent', 'failed', 'held', 'skipped', 'digested'];

/** Why an email was not sent, or what replaced a detail that quoted the address. */
export const RECIPIENT_ERASED = 'recipient erased (GDPR): not sent';

export function deliveryId(eventId: string, personId: string, template: string): string {
  return createHash('sha256').update(`${eventId}|${personId}|${template}`).digest('hex');
}

/** What the delivery log keeps of an erased person: a hash of their id, nothing that leads back. */
export function pseudonym(personId: string): string {
  return `erased:${createHash('sha256').update(personId).digest('hex').slice(0, 32)}`;
}

/**
 * "This delivery is queued": one small document per `queued` delivery in `delivery_queue`, keyed by
 * the delivery's `_id`, written with the delivery (see `enqueue`) and deleted only **after** its
 * final status.
 * The queue is rebuilt from these (a collection as small as the backlog) and each delivery is then
 * looked up by `_id`: nothing scans `deliveries` to find due work (ADR 011).
 */
export interface QueueMarker {
  /** The delivery's `_id`. */
  _id: string;
  personId: string;
  /** Attempts made so far (as of the last retry recorded). */
  attempts: number;
  /** When the next attempt is due. */
  dueAt: Date;
  /** The instance that queued it or recorded its last retry (its claims' holder). */
  owner: string;
  /** When the marker was first written. */
  at: Date;
}

interface BackfillDocument {
  _id: string;
  at: Date;
  marked: number;
}

export const toQueued = (m: Pick<QueueMarker, '_id' | 'personId' | 'attempts' | 'dueAt'>): QueuedDelivery => ({
  id: m._id,
  personId: m.personId,
  attempts: m.attempts,
  dueAt: m.dueAt.getTime(),
});

/** The claim key of a delivery's next attempt. */
const nextAttempt = (delivery: Pick<Delivery, '_id' | 'attempts'>): string => `${delivery._id}:${delivery.attempts + 1}`;

export interface DeliveryFilter {
  readonly status?: DeliveryStatus;
  readonly personId?: string;
  readonly eventId?: string;
}

@Injectable()
export class DeliveryRepository {
  readonly collection: mongo.Collection<Delivery>;
  /**
   * `<delivery id>:<attempt number>` in `delivery_claims`, without a lease: the unique insert makes
   * one instance the sender of an attempt, for good (ADR 008). An interrupted attempt is not taken
   * over: the delivery moves on to the next attempt number, a new claim.
   */
  readonly claims: UniqueClaims;
  private readonly claimsCollection: mongo.Collection<ClaimDocument>;
  /** The queued deliveries' markers (see QueueMarker). */
  readonly queue: mongo.Collection<QueueMarker>;
  private readonly backfills: mongo.Collection<BackfillDocument>;
  private readonly listeners = new Set<QueuedListener>();
  /** The senders' claims, many in one `insertMany` (see `claim`). */
  private readonly claimWrites = new GroupCommit<string, boolean>(async (keys) => {
    const won = await this.claims.claimMany(keys);
    return keys.map((key) => won.has(key));
  }, GROUP_MAX);
  /** `sent` outcomes, many in one `bulkWrite` and one marker delete (see `markSent`). */
  private readonly sentWrites = new GroupCommit<SentOutcome, undefined>(async (outcomes) => {
    await this.collection.bulkWrite(
      outcomes.map(({ id, attempts, smtpResponse, messageId, sentAt }) => ({
        updateOne: { filter: { _id: id }, update: { $set: { status: 'sent', sentAt, smtpResponse, messageId, attempts } } },
      })),
      { ordered: false },
    );
    await this.unmarkMany(outcomes.map((o) => o.id));
    return outcomes.map(() => undefined);
  }, GROUP_MAX);

  constructor(@InjectConnection() connection: Connection) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.collection = connection.db.collection<Delivery>('deliveries');
    this.claimsCollection = connection.db.collection<ClaimDocument>('delivery_claims');
    this.claims = new UniqueClaims(this.claimsCollection, { holder: randomUUID() });
    this.queue = connection.db.collection<QueueMarker>('delivery_queue');
    this.backfills = connection.db.collection<BackfillDocument>('delivery_queue_backfills');
  }

  /** This instance: the holder of its claims and the owner of the markers it writes. */
  get instance(): string {
    return this.claims.holder;
  }

  /**
   * Called with each delivery this instance queued, and the delivery as recorded (the sender takes
   * it at once); returns the unsubscribe function.
   */
  onQueued(listener: QueuedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records a delivery once (see `enqueueMany`); true when this call recorded it. */
  async enqueue(delivery: NewDelivery): Promise<boolean> {
    const [inserted] = await this.enqueueMany([delivery]);
    return inserted;
  }

  /**
   * Records deliveries once each; a second enqueue of the same (event, recipient, template) is a
   * no-op. Per delivery, whether this call recorded it. Two writes for the whole lot (ADR 011):
   * one unordered `insertMany` of the deliveries, then one of the `queued` ones' markers. Should
   * the process stop between the two, the caller repeats the enqueue (a consumer marks its events
   * processed only after planning them; a digest run after a crash queues the same digest id): the
   * deliveries are then duplicates, and those still `queued` get their marker (looked up by `_id`,
   * so a redelivered event's deliveries already sent get no marker again).
   */
  async enqueueMany(deliveries: readonly NewDelivery[]): Promise<boolean[]> {
    if (deliveries.length === 0) return [];
    const now = new Date();
    const docs: Delivery[] = deliveries.map((d) => ({
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
      ...d,
      status: d.status ?? 'queued',
    }));
    const inserted = await insertManyOnce(this.collection, docs);
    const fresh = docs.filter((d, i) => inserted[i] && d.status === 'queued');
    const repeated = docs.filter((d, i) => !inserted[i] && d.status === 'queued');
    const stillQueued: Delivery[] = [];
    for (let i = 0; i < repeated.length; i += LOOKUPS_IN_FLIGHT) {
      const found = await Promise.all(repeated.slice(i, i + LOOKUPS_IN_FLIGHT).map((d) => this.get(d._id)));
      stillQueued.push(...found.filter((d): d is Delivery => d?.status === 'queued'));
    }
    await insertManyOnce(
      this.queue,
      [...fresh, ...stillQueued].map((d) => this.markerOf(d)),
    );
    for (const d of fresh) {
      const queued: QueuedDelivery = { id: d._id, personId: d.personId, attempts: 0, dueAt: now.getTime() };
      for (const listener of this.listeners) listener(queued, d);
    }
    return inserted;
  }

  /** The queue marker of a queued delivery, owned by this instance. */
  private markerOf(d: Pick<Delivery, '_id' | 'personId' | 'attempts' | 'nextAttemptAt' | 'createdAt'>): QueueMarker {
    return { _id: d._id, personId: d.personId, attempts: d.attempts, dueAt: d.nextAttemptAt, owner: this.instance, at: d.createdAt };
  }

  /** Every queue marker (the collection is as small as the backlog). */
  markers(): Promise<QueueMarker[]> {
    return this.queue.find({}).toArray();
  }

  /** Deletes a delivery's queue marker (its delivery is final, or missing past the grace). */
  async unmark(id: string): Promise<undefined> {
    await this.queue.deleteOne({ _id: id });
    return undefined;
  }

  /** Deletes the markers of these deliveries (all final) in one command. */
  private async unmarkMany(ids: readonly string[]): Promise<void> {
    if (ids.length === 1) await this.unmark(ids[0]);
    else await this.queue.deleteMany({ _id: { $in: [...ids] } });
  }

  /**
   * Once per database: writes markers for the `queued` deliveries of a database written before
   * markers existed. The one scan of `deliveries` left on the way to sending, recorded in
   * `delivery_queue_backfills` so that it never runs again; repeating it is harmless. Returns how
   * many markers it wrote.
   */
  async backfillQueue(): Promise<number> {
    if (await this.backfills.findOne({ _id: 'deliveries' })) return 0;
    const queued = await this.collection
      .find({ status: 'queued' }, { projection: { _id: 1, personId: 1, attempts: 1, nextAttemptAt: 1, createdAt: 1 } })
      .toArray();
    let marked = 0;
    for (const d of queued) {
      if (await insertOnce(this.queue, this.markerOf(d))) marked++;
    }
    await this.backfills.replaceOne({ _id: 'deliveries' }, { at: new Date(), marked }, { upsert: true });
    return marked;
  }

  get(id: string): Promise<Delivery | null> {
    return this.collection.findOne({ _id: id });
  }

  /**
   * Makes this instance the only sender of the delivery's next attempt. FerretDB v1's updates are
   * read-then-write, so the claim is a unique insert (`<id>:<attempt>`), which is atomic. The
   * claims of the attempts that start together (a pump of the sender, or while the last claims
   * were being written) go in one unordered `insertMany`: each key is still its own atomic insert,
   * and a key refused as a duplicate is another instance's (ADR 011).
   */
  claim(delivery: Pick<Delivery, '_id' | 'attempts'>): Promise<boolean> {
    return this.claimWrites.submit(nextAttempt(delivery));
  }

  /**
   * Gives back this instance's claim on an attempt it did not make (the delivery was not there to
   * send): only a claim this instance holds is deleted.
   */
  async releaseClaim(delivery: { id: string; attempts: number }): Promise<undefined> {
    await this.claimsCollection.deleteOne({ _id: nextAttempt({ _id: delivery.id, attempts: delivery.attempts }), holder: this.instance });
    return undefined;
  }

  /** When the claim on the delivery's next attempt was taken, if it was. */
  async claimedAt(delivery: Pick<Delivery, '_id' | 'attempts'>): Promise<Date | undefined> {
    return (await this.claims.get(nextAttempt(delivery)))?.claimedAt;
  }

  // The outcomes: the delivery first, then its marker (never a queued delivery without a marker).

  /**
   * Records that the SMTP server took the email. The `sent` outcomes that end together are written
   * together (one `bulkWrite` of the deliveries, then one delete of their markers), as soon as the
   * write before has ended: no timer, so a sent email waits for at most one write in flight before
   * its own (the window of ADR 008 stays that of one write).
   */
  markSent(id: string, attempts: number, smtpResponse: string, messageId: string): Promise<void> {
    return this.sentWrites.submit({ id, attempts, smtpResponse, messageId, sentAt: new Date() });
  }

  /** The next attempt is due at `next`; the marker follows (with this instance as its owner). */
  async markRetry(delivery: Pick<Delivery, '_id' | 'personId' | 'createdAt'>, attempts: number, error: string, next: Date): Promise<void> {
    await this.collection.updateOne({ _id: delivery._id }, { $set: { attempts, lastError: error.slice(0, 500), nextAttemptAt: next } });
    await this.queue.replaceOne(
      { _id: delivery._id },
      { personId: delivery.personId, attempts, dueAt: next, owner: this.instance, at: delivery.createdAt },
      { upsert: true },
    );
  }

  async markFailed(id: string, attempts: number, error: string, smtpResponse?: string): Promise<void> {
    await this.collection.updateOne(
      { _id: id },
      { $set: { status: 'failed', attempts, lastError: error.slice(0, 500), ...(smtpResponse ? { smtpResponse } : {}) } },
    );
    await this.unmark(id);
  }

  async markHeld(id: string, reason: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { status: 'held', lastError: reason.slice(0, 500) } });
    await this.unmark(id);
  }

  /** People with digest items whose earliest due time has come, per period. */
  async dueDigests(now: Date): Promise<{ personId: string; period: DigestPeriod }[]> {
    const rows = await this.collection
      .find({ status: 'digest-pending', 'digest.dueAt': { $lte: now } }, { projection: { personId: 1, digest: 1 } })
      .toArray();
    const groups = new Map<string, { personId: string; period: DigestPeriod }>();
    for (const row of rows) {
      if (row.digest) groups.set(`${row.personId}|${row.digest.period}`, { personId: row.personId, period: row.digest.period });
    }
    return [...groups.values()];
  }

  /** Every pending item of the person's digest for the period, oldest first. */
  pendingDigestItems(personId: string, period: DigestPeriod): Promise<Delivery[]> {
    return this.collection.find({ status: 'digest-pending', personId, 'digest.period': period }).sort({ createdAt: 1, _id: 1 }).toArray();
  }

  /**
   * Queues one digest email for the items and marks them digested. The digest's id follows from its
   * first item, so a run repeated after a crash finds the digest it already queued instead of a
   * second one; it then marks that digest's items.
   */
  async queueDigest(personId: string, period: DigestPeriod, items: readonly Delivery[]): Promise<{ id: string; created: boolean }> {
    const first = items[0];
    if (!first) throw new Error('a digest needs at least one item');
    const id = deliveryId(`digest:${period}:${first._id}`, personId, 'digest');
    const created = await this.enqueue({
      _id: id,
      kind: 'digest',
      eventId: first.eventId,
      eventType: 'digest',
      template: 'digest',
      personId,
      event: null,
      itemIds: items.map((i) => i._id),
      digest: { period, dueAt: new Date() },
    });
    const digest = created ? undefined : await this.get(id);
    const itemIds = digest?.itemIds ?? items.map((i) => i._id);
    await this.collection.updateMany({ _id: { $in: itemIds }, status: 'digest-pending' }, { $set: { status: 'digested', digestId: id } });
    return { id, created };
  }

  itemsOf(digest: Delivery): Promise<Delivery[]> {
    return this.collection
      .find({ _id: { $in: digest.itemIds ?? [] } })
      .sort({ createdAt: 1, _id: 1 })
      .toArray();
  }

  /**
   * A person was erased: queued emails and digest items are never sent (failed, reason below), and
   * their rows keep only a pseudonymous hash of the person id; an SMTP error or reply that quoted the
   * address is redacted. Returns how many queued emails were cancelled. Safe to repeat.
   */
  async cancelForErasedPerson(personId: string): Promise<number> {
    const cancelled = await this.collection.updateMany(
      { personId, status: { $in: ['queued', 'digest-pending'] } },
      { $set: { status: 'failed', lastError: RECIPIENT_ERASED } },
    );
    await this.queue.deleteMany({ personId });
    await this.collection.updateMany({ personId, lastError: { $regex: '@' } }, { $set: { lastError: RECIPIENT_ERASED } });
    await this.collection.updateMany(
      { personId, smtpResponse: { $regex: '@' } },
      { $set: { smtpResponse: '[redacted: recipient erased]' } },
    );
    // The stored envelope of an email to the person (a welcome) names them: drop it with the id.
    await this.collection.updateMany({ personId }, { $set: { personId: pseudonym(personId) }, $unset: { language: '', event: '' } });
    return cancelled.modifiedCount;
  }

  /** Final deliveries (sent, failed, held, skipped, digested) created before `cutoff`; queued and digest-pending ones stay. */
  async purgeFinishedBefore(cutoff: Date): Promise<number> {
    return (await this.collection.deleteMany({ status: { $in: FINAL_STATUSES }, createdAt: { $lt: cutoff } })).deletedCount;
  }

  /**
   * The delivery log, newest first. `status=queued` (what tests and operators poll while waiting for
   * the queue to empty) reads the queue's markers and looks each delivery up by `_id`, so it does not
   * scan the log; the other filters read the log (FerretDB v1 scans it; MongoDB uses its indexes).
   */
  async list(limit: number, filter: DeliveryFilter = {}): Promise<Omit<Delivery, 'event'>[]> {
    if (filter.status === 'queued') return this.listQueued(limit, filter);
    const query: mongo.Filter<Delivery> = {};
    if (filter.status) query.status = filter.status;
    if (filter.personId) query.personId = filter.personId;
    if (filter.eventId) query.eventId = filter.eventId;
    return this.collection
      .find(query, { projection: { event: 0 } })
      .sort({ createdAt: -1 })
      .limit(limit)
      .toArray();
  }

  private async listQueued(limit: number, filter: DeliveryFilter): Promise<Omit<Delivery, 'event'>[]> {
    const markers = await this.queue.find(filter.personId ? { personId: filter.personId } : {}).toArray();
    const rows: Omit<Delivery, 'event'>[] = [];
    for (let i = 0; i < markers.length; i += 16) {
      const found = await Promise.all(
        markers.slice(i, i + 16).map((m) => this.collection.findOne({ _id: m._id }, { projection: { event: 0 } })),
      );
      for (const d of found) {
        if (
          d?.status === 'queued' &&
          (!filter.personId || d.personId === filter.personId) &&
          (!filter.eventId || d.eventId === filter.eventId)
        )
          rows.push(d);
      }
    }
    return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1)).slice(0, limit);
  }
}
