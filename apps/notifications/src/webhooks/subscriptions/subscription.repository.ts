import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { VersionedStore, type Change, type Loaded } from '@yp/shared-persistence';
import type { WebhookSubscriptionState } from './subscription.state';

/**
 * Subscriptions in a versioned store (`webhook_subscriptions` and its change log): every change is
 * a compare-and-set on a unique insert, which is what makes If-Match and the background disabling
 * safe on FerretDB. No events: nothing else consumes subscriptions.
 */
@Injectable()
export class WebhookSubscriptionRepository {
  readonly store: VersionedStore<WebhookSubscriptionState>;

  constructor(@InjectConnection() connection: Connection) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.store = new VersionedStore<WebhookSubscriptionState>(connection.db, 'webhook_subscriptions');
  }

  create(id: string, change: Change<WebhookSubscriptionState>): Promise<Loaded<WebhookSubscriptionState>> {
    return this.store.create(id, change);
  }

  /** The subscription, unless it does not exist or was deleted. */
  async load(id: string): Promise<Loaded<WebhookSubscriptionState> | undefined> {
    const found = await this.store.load(id);
    return found && !found.state.deletedAt ? found : undefined;
  }

  /** A versioned update of a live subscription; undefined when there is none (or it was deleted). */
  async update(
    id: string,
    decide: (current: Loaded<WebhookSubscriptionState>) => Change<WebhookSubscriptionState> | null,
  ): Promise<Loaded<WebhookSubscriptionState> | undefined> {
    const updated = await this.store.update(id, (current) => (current.state.deletedAt ? null : decide(current)));
    return updated && !updated.state.deletedAt ? updated : undefined;
  }

  /**
   * Deletes a live subscription (a tombstone version: the change log keeps the history). `check`
   * may throw to refuse; answers false when there was nothing to delete.
   */
  async remove(id: string, check: (current: Loaded<WebhookSubscriptionState>) => void): Promise<boolean> {
    let removed = false;
    await this.store.update(id, (current) => {
      if (current.state.deletedAt) return null;
      check(current);
      removed = true;
      const now = new Date().toISOString();
      return { state: { ...current.state, active: false, deletedAt: now, updatedAt: now }, records: [] };
    });
    return removed;
  }

  /** A page in id order, optionally of one owner. */
  list(owner: string | undefined, after: string | undefined, limit: number): Promise<Loaded<WebhookSubscriptionState>[]> {
    const query: Record<string, unknown> = { 'state.deletedAt': { $exists: false } };
    if (owner) query['state.owner'] = owner;
    return this.store.page(after, limit, query);
  }

  /** Active subscriptions to an event type (the few there are: a scan is fine). */
  async activeFor(eventType: string): Promise<Loaded<WebhookSubscriptionState>[]> {
    const docs = await this.store.states
      .find({ 'state.active': true, 'state.eventTypes': eventType, 'state.deletedAt': { $exists: false } } as never)
      .toArray();
    // The materialised state may lag its change log; the dispatcher reloads before sending.
    return docs.map((d) => ({ id: d._id, version: d.version, state: d.state }));
  }

  /** Subscriptions disabled for failing (the notice sweep makes sure each owner was told). */
  async disabled(): Promise<Loaded<WebhookSubscriptionState>[]> {
    const docs = await this.store.states
      .find({ 'state.disabledAt': { $exists: true }, 'state.deletedAt': { $exists: false } } as never)
      .toArray();
    return docs.map((d) => ({ id: d._id, version: d.version, state: d.state }));
  }
}
