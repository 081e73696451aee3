import { Injectable, Logger } from '@nestjs/common';
import type { EventEnvelope } from '@yp/contracts-events';
import { bulkDigest } from '@notifications/bulk-summaries/bulk-summary';
import { deliveryId, DeliveryRepository } from '@notifications/deliveries/delivery.repository';
import { digestDueAt } from '@notifications/digests/digest-schedule';
import { NotificationsConfig } from '@notifications/notifications-config';
import { PreferenceRepository, type Preferences } from '@notifications/preferences/preference.repository';
import { RecipientRepository } from '@notifications/recipients/recipient.repository';
import { rulesFor, type NotificationRule } from '@notifications/rules/notification-rules';

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

  /**
   * Per rule: one read of the recipients (the liaison areas projection: as small as the number of
   * appointments), then each recipient at once, by `_id` look-ups only (erased? preferences) and the
   * delivery's unique insert. Nothing here reads the deliveries.
   */
  async plan(event: EventEnvelope): Promise<void> {
    for (const rule of rulesFor(event.type)) {
      const people = await this.recipientsOf(rule, event);
      await Promise.all(
        people.map(async (personId) => {
          // Both by `_id`, at once: the preferences of an erased person are simply not used.
          const [erased, preferences] = await Promise.all([
            this.recipients.isErased(personId),
            rule.category === 'service' ? undefined : this.preferences.get(personId),
          ]);
          if (!erased) await this.record(rule, event, personId, preferences);
        }),
      );
    }
  }

  private async recipientsOf(rule: NotificationRule, event: EventEnvelope): Promise<string[]> {
    switch (rule.recipients.kind) {
      case 'liaison-officers-of-municipalities':
        return this.recipients.liaisonOfficersOf(rule.recipients.municipalities(event));
      case 'person':
        return [rule.recipients.personId(event)];
    }
  }

  private async record(
    rule: NotificationRule,
    event: EventEnvelope,
    personId: string,
    preferences: Preferences | undefined,
  ): Promise<void> {
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
    let queued: boolean;
    switch (mode) {
      case 'immediately': {
        // Part of an import: into the recipient's summary of it, not one email per row.
        const bulk = bulkDigest(event, rule.category, new Date(), this.bulkTimeoutMs);
        queued = await this.deliveries.enqueue(bulk ? { ...base, status: 'digest-pending', digest: bulk } : base);
        break;
      }
      case 'daily':
      case 'weekly':
        queued = await this.deliveries.enqueue({
          ...base,
          status: 'digest-pending',
          digest: { period: mode, dueAt: digestDueAt(mode, new Date(), this.digestHour, this.collectMs) },
        });
        break;
      case 'off':
        queued = await this.deliveries.enqueue({ ...base, status: 'skipped', lastError: `recipient turned ${rule.category} off` });
        break;
    }
    if (queued) this.logger.log(`${rule.template} for ${personId} (event ${event.id}): ${mode}`);
  }
}
