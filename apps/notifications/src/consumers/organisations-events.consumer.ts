import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import {
  LIAISON_OFFICER_ASSIGNED_V1,
  TOPICS,
  validateContactRecord,
  type EventEnvelope,
  type LiaisonOfficerAssignedV1,
} from '@yp/contracts-events';
import { EventConsumer, KAFKA_OPTIONS, type KafkaOptions } from '@yp/shared-kafka';
import { Inbox } from '@yp/shared-persistence';
import { deliveryId, DeliveryRepository } from '../deliveries/delivery.repository';
import { RecipientRepository } from '../recipients/recipient.repository';
import { rulesFor } from '../rules/notification-rules';

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
  ) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.consumer = new EventConsumer(kafka, options, new Inbox(connection.db), {
      groupId: 'notifications',
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
      await this.recipients.erase(personId);
      return;
    }
    await this.recipients.upsertContact(validateContactRecord(value));
  }

  private async onEvent(event: EventEnvelope): Promise<void> {
    if (event.type === LIAISON_OFFICER_ASSIGNED_V1) {
      await this.recipients.liaisonAreas.apply(event.subject, event.aggregateversion, event.data as LiaisonOfficerAssignedV1);
    }
    for (const rule of rulesFor(event.type)) {
      const personIds = await this.recipients.liaisonOfficersOf(rule.recipients.municipalities(event));
      for (const personId of personIds) {
        const queued = await this.deliveries.enqueue({
          _id: deliveryId(event.id, personId, rule.template),
          eventId: event.id,
          eventType: event.type,
          template: rule.template,
          personId,
          event,
        });
        if (queued) this.logger.log(`Queued ${rule.template} for ${personId} (event ${event.id})`);
      }
    }
  }
}
