import { Injectable, Logger } from '@nestjs/common';
import type { EventEnvelope } from '@yp/contracts-events';
import { bulkDigest } from '@notifications/bulk-summaries/bulk-summary';
import { deliveryId, DeliveryRepository, type NewDelivery } from '@notifications/deliveries/delivery.repository';
import { digestDueAt } from '@notifications/digests/digest-schedule';
import { NotificationsConfig } from '@notifications/notifications-config';
import { PreferenceRepository, type Preferences } from '@notifications/preferences/preference.repository';
import { RecipientRepository } from '@notifications/recipients/recipient.repository';
import { rulesFor, type NotificationRule } from '@notifications/rules/notification-rules';

/** Events of a batch whose reads are in flight at once. */
const EVENTS_IN_FLIGHT = 50;

/**
 * Turns an event into deliveries by the rules: finds each rule's recipients, and per recipient
 * records one delivery (its id is a hash of event, person and template, so redeliveries and
 * restarts add nothing) according to their preference for the rule's category: queued to send now,
 * pending for a digest, or skipped. Events no rule names plan nothing: the rules decide.
 */

@Injectable()
export class NotificationPlanner {
  private readonly logger = new Logger(NotificationPlanner.name);
  private readonly digestHour: number;
  private readonly collectMs: number;
  private readonly bulkTimeoutMs: number;

  constructor(
    private readonly recipients: RecipientRepository,
    private readonly preferences: PreferenceRepository,
    private readonly deliveries: DeliveryRepository,
    config: NotificationsConfig,
  ) {
    this.digestHour = config.DIGEST_HOUR;
    this.collectMs = config.DIGEST_COLLECT_MS;
    this.bulkTimeoutMs = config.BULK_SUMMARY_TIMEOUT_MS;
  }

  /** Plans one event (see `planMany`). */
  plan(event: EventEnvelope): Promise<void> {
    return this.planMany([event]);
  }

  /**
   * Plans the events of a consumer batch together: their reads through one `PlanningReads` (each
   * rule's recipients once per set of municipalities, each person's erasure and preferences once,
   * by `_id`), then every delivery of the batch in one `enqueueMany` (two writes, whatever the
   * number of events). The reads must not outlive the batch: the consumer plans the events before
   * an erasure or an appointment in one call and the rest in another (see OrganisationsEventsConsumer).
   * Nothing here reads the deliveries.
   */
  async planMany(events: readonly EventEnvelope[]): Promise<void> {
    const reads = new PlanningReads(this.recipients, this.preferences);
    const planned: NewDelivery[] = [];
    for (let i = 0; i < events.length; i += EVENTS_IN_FLIGHT) {
      const chunk = await Promise.all(events.slice(i, i + EVENTS_IN_FLIGHT).map((event) => this.deliveriesFor(event, reads)));
      planned.push(...chunk.flat());
    }
    const inserted = await this.deliveries.enqueueMany(planned);
    let recorded = 0;
    planned.forEach((delivery, i) => {
      if (!inserted[i]) return;
      recorded++;
      this.logger.debug(`${delivery.template} for ${delivery.personId} (event ${delivery.eventId}): ${delivery.status ?? 'queued'}`);
    });
    if (recorded > 0) this.logger.log(`Planned ${recorded} delivery(ies) for ${events.length} event(s)`);
  }

  /** Per rule: its recipients, then each recipient's delivery by their preference (erased people get none). */
  private async deliveriesFor(event: EventEnvelope, reads: PlanningReads): Promise<NewDelivery[]> {
    const planned: NewDelivery[] = [];
    for (const rule of rulesFor(event.type)) {
      const people = await this.recipientsOf(rule, event, reads);
      const deliveries = await Promise.all(
        people.map(async (personId) => {
          // Both by `_id`, at once: the preferences of an erased person are simply not used.
          const [erased, preferences] = await Promise.all([
            reads.isErased(personId),
            rule.category === 'service' ? undefined : reads.preferences(personId),
          ]);
          return erased ? undefined : this.delivery(rule, event, personId, preferences);
        }),
      );
      planned.push(...deliveries.filter((d): d is NewDelivery => d !== undefined));
    }
    return planned;
  }

  private async recipientsOf(rule: NotificationRule, event: EventEnvelope, reads: PlanningReads): Promise<string[]> {
    switch (rule.recipients.kind) {
      case 'liaison-officers-of-municipalities':
        return reads.liaisonOfficersOf(rule.recipients.municipalities(event));
      case 'person':
        return [rule.recipients.personId(event)];
    }
  }

  private delivery(rule: NotificationRule, event: EventEnvelope, personId: string, preferences: Preferences | undefined): NewDelivery {
    const base = {
      _id: deliveryId(rule.onceFor?.(event) ?? event.id, personId, rule.template),
      kind: 'email' as const,
      eventId: event.id,
      eventType: event.type,
      template: rule.template,
      category: rule.category,
      personId,
      event,
    };
    const mode = rule.category === 'service' || !preferences ? 'immediately' : preferences[rule.category];
    switch (mode) {
      case 'immediately': {
        // Part of an import: into the recipient's summary of it, not one email per row.
        const bulk = bulkDigest(event, rule.category, new Date(), this.bulkTimeoutMs);
        return bulk ? { ...base, status: 'digest-pending', digest: bulk } : base;
      }
      case 'daily':
      case 'weekly':
        return {
          ...base,
          status: 'digest-pending',
          digest: { period: mode, dueAt: digestDueAt(mode, new Date(), this.digestHour, this.collectMs) },
        };
      case 'off':
        return { ...base, status: 'skipped', lastError: `recipient turned ${rule.category} off` };
    }
  }
}

/**
 * The reads of one planning batch, each made once (the same officers receive most of a batch's
 * emails): the liaison officers of a set of municipalities, and a person's erasure and preferences.
 */
class PlanningReads {
  private readonly officers = new Map<string, Promise<string[]>>();
  private readonly erased = new Map<string, Promise<boolean>>();
  private readonly preferred = new Map<string, Promise<Preferences>>();

  constructor(
    private readonly recipients: RecipientRepository,
    private readonly preferenceStore: PreferenceRepository,
  ) {}

  liaisonOfficersOf(municipalities: readonly string[]): Promise<string[]> {
    return once(this.officers, [...municipalities].sort().join(','), () => this.recipients.liaisonOfficersOf(municipalities));
  }

  isErased(personId: string): Promise<boolean> {
    return once(this.erased, personId, () => this.recipients.isErased(personId));
  }

  preferences(personId: string): Promise<Preferences> {
    return once(this.preferred, personId, () => this.preferenceStore.get(personId));
  }
}

function once<T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = read();
    cache.set(key, value);
  }
  return value;
}
