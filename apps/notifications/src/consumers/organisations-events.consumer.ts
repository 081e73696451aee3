import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import {
  CONSUMER_GROUPS,
  CONTACT_ERASED_V1,
  LIAISON_OFFICER_ASSIGNED_V1,
  LIAISON_OFFICER_REMOVED_V1,
  TOPICS,
  validateContactRecord,
  type ContactErasedV1,
  type EventEnvelope,
  type LiaisonOfficerAssignedV1,
} from '@yp/contracts-events';
import { EventConsumer, KAFKA_OPTIONS, type KafkaOptions } from '@yp/shared-kafka';
import { Inbox } from '@yp/shared-persistence';
import { DeliveryRepository } from '@notifications/deliveries/delivery.repository';
import { RecipientRepository } from '@notifications/recipients/recipient.repository';
import { NotificationPlanner } from '@notifications/rules/notification-planner';
import { AddressHoldRepository } from '@notifications/holds/address-hold.repository';
import { PreferenceRepository } from '@notifications/preferences/preference.repository';
import { WebhookFanOut } from '@notifications/webhooks/fan-out/webhook-fan-out';

/**
 * A thin adapter from the organisations topics to this service: keeps the recipients projection and
 * turns events into queued deliveries according to the rules.
 */
@Injectable()
export class OrganisationsEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrganisationsEventsConsumer.name);
  readonly consumer: EventConsumer;

  constructor(
    @InjectConnection() connection: Connection,
    kafka: Kafka,
    @Inject(KAFKA_OPTIONS) options: KafkaOptions,
    private readonly recipients: RecipientRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly webhooks: WebhookFanOut,
    private readonly planner: NotificationPlanner,
    private readonly preferences: PreferenceRepository,
    private readonly holds: AddressHoldRepository,
  ) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.consumer = new EventConsumer(kafka, options, new Inbox(connection.db), {
      groupId: CONSUMER_GROUPS.notifications.id,
      eventTopics: [TOPICS.organisations],
      recordTopics: [TOPICS.organisationContacts],
      onEvent: (event) => this.onEvent(event),
      onRecord: (key, value) => this.onContact(key, value),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }

  private async onContact(personId: string, value: unknown): Promise<void> {
    if (value === null) {
      // A tombstone: the person was erased (the erased event on the other topic may come before or after).
      await this.erasePerson(personId, new Date().toISOString());
      return;
    }
    await this.recipients.upsertContact(validateContactRecord(value));
  }

  /** Drops the person everywhere here and cancels what was queued for them; repeatable. */
  private async erasePerson(personId: string, erasedAt: string): Promise<void> {
    await this.recipients.erasePerson(personId, erasedAt);
    const cancelled = await this.deliveries.cancelForErasedPerson(personId);
    await this.preferences.erase(personId);
    await this.holds.erase(personId);
    this.logger.log(`Erased person ${personId}${cancelled > 0 ? `; ${cancelled} queued email(s) cancelled` : ''}`);
  }

  private async onEvent(event: EventEnvelope): Promise<void> {
    await this.webhooks.onEvent(event);
    if (event.type === CONTACT_ERASED_V1) {
      const data = event.data as ContactErasedV1;
      await this.erasePerson(data.personId, data.erasedAt);
      return;
    }
    if (event.type === LIAISON_OFFICER_ASSIGNED_V1) {
      const data = event.data as LiaisonOfficerAssignedV1;
      // An assignment read after the person's erasure (another partition) must not bring them back.
      if (!(await this.recipients.isErased(data.personId)))
        await this.recipients.liaisonAreas.apply(event.subject, event.aggregateversion, data);
    }
    if (event.type === LIAISON_OFFICER_REMOVED_V1) {
      await this.recipients.liaisonAreas.apply(event.subject, event.aggregateversion, null);
    }
    await this.planner.onEvent(event);
  }
}
