import { TOPICS } from '@yp/contracts-events';
import { changeId, type ChangeDocument, type FollowUp, type OutboxRecord, type VersionedStore } from '@yp/shared-persistence';
import type { mongo } from 'mongoose';

export interface ScrubResult {
  /** No personal field left in any version, no contact record queued, no latest-state document. */
  readonly clean: boolean;
  /** Every version was sent by the outbox relay (no pending marker left): nothing will write these documents again. */
  readonly settled: boolean;
}

type Doc = mongo.Document;

/**
 * Erases one person's data from one aggregate of a VersionedStore: the latest state and the change
 * log (which is also the outbox). Non-personal facts stay: ids, versions, timestamps, the
 * organisation, areas, and the ids-only events; personal fields become null and the person's
 * contact records are dropped from the queued records (the tombstone that follows supersedes them in
 * Kafka anyway).
 *
 * FerretDB v1 updates are read-then-write, so a scrub racing a relay's write of the same document
 * (`markFailed` while the broker is away) could be undone. Hence `scrub` is repeatable and reports
 * whether the documents are settled (sent, no pending marker: the relay never writes them again);
 * callers repeat it until clean and settled.
 */
export class ChangeLogScrubber<S extends Doc> {
  constructor(
    readonly store: VersionedStore<S>,
    private readonly personalFields: readonly string[],
  ) {}

  /**
   * Ends the aggregate with a version without state, so no writer can change it again (404). The
   * version carries `followUps` (its organisation's touch), run after it (FollowUpLog).
   */
  async terminate(id: string, followUps: readonly FollowUp[] = []): Promise<void> {
    await this.store.update(id, () => ({ state: null, records: [], followUps }));
  }

  async scrub(id: string, erasedAt: string): Promise<ScrubResult> {
    await this.store.states.deleteOne({ _id: id });
    const docs = await this.versions(id);
    let settled = true;
    for (const doc of docs) {
      if (await this.store.isUnpublished(doc)) settled = false;
      if (!this.isDirty(doc)) continue;
      await this.store.changes.updateOne({ _id: doc._id }, {
        $set: { state: this.scrubbed(doc.state, erasedAt), records: doc.records.filter((r) => !isContactRecord(r)) },
      } as never);
    }
    const after = await this.versions(id);
    const stateLeft = (await this.store.states.countDocuments({ _id: id })) > 0;
    return {
      clean: !stateLeft && after.every((d) => !this.isDirty(d)),
      settled: settled && (await Promise.all(after.map((d) => this.store.isUnpublished(d)))).every((pending) => !pending),
    };
  }

  /** Ids of aggregates whose change log mentions this person under `field` (a scan; few rows). */
  async aggregatesWhere(field: string, value: string): Promise<string[]> {
    const docs = await this.store.changes.find({ [field]: value } as never, { projection: { aggregateId: 1 } }).toArray();
    return [...new Set(docs.map((d) => d.aggregateId))].sort();
  }

  /** The stored versions with state, oldest first (the change log as the export shows it). */
  async history(id: string): Promise<ChangeDocument<S>[]> {
    return (await this.versions(id)).filter((d) => d.state !== null);
  }

  /**
   * Every version of one aggregate, oldest first, by `_id` point lookups (versions are consecutive
   * from 1): the only lookups FerretDB v1 does not answer by reading the whole change log.
   */
  private async versions(id: string): Promise<ChangeDocument<S>[]> {
    const docs: ChangeDocument<S>[] = [];
    for (let version = 1; ; version++) {
      const doc = await this.store.changes.findOne({ _id: changeId(id, version) } as never);
      if (!doc) return docs;
      docs.push(doc);
    }
  }

  private isDirty(doc: ChangeDocument<S>): boolean {
    const state = doc.state as Doc | null;
    if (state && this.personalFields.some((f) => state[f] !== undefined && state[f] !== null)) return true;
    return doc.records.some(isContactRecord);
  }

  private scrubbed(state: S | null, erasedAt: string): Doc | null {
    if (!state) return null;
    const out: Doc = { ...state, erasedAt };
    for (const field of this.personalFields) out[field] = null;
    return out;
  }
}

/** A record carrying a person's contact data (a tombstone carries none). */
function isContactRecord(record: OutboxRecord): boolean {
  return record.topic === TOPICS.organisationContacts && record.value !== null;
}
