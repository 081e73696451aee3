import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
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
} from '@yp/contracts-events';
import { dispatchByType, EventConsumer, KAFKA_OPTIONS, type KafkaOptions } from '@yp/shared-kafka';
import { Inbox } from '@yp/shared-persistence';
import { ErasePersonHandler } from '@notifications/erasure/erase-person.handler';
import { NotificationPlanner } from '@notifications/planning/notification-planner';
import { RecipientRepository } from '@notifications/recipients/recipient.repository';

/**
 * The organisations topics → email, in consumer group `notifications`: a thin adapter. The
 * EventConsumer validates each message and skips event ids it has processed (the inbox); this
 * keeps the recipients projection and erases people (by event type, typed by the contracts), then
 * lets the planner turn the event into deliveries by the rules (events no rule names plan nothing).
 * Webhooks read the same topic in their own group (WebhookEventsConsumer).
 */
@Injectable()
export class OrganisationsEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  readonly consumer: EventConsumer;

  constructor(
    @InjectConnection() connection: Connection,
    kafka: Kafka,
    @Inject(KAFKA_OPTIONS) options: KafkaOptions,
    recipients: RecipientRepository,
    erasure: ErasePersonHandler,
    planner: NotificationPlanner,
  ) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    const project = dispatchByType({
      [CONTACT_ERASED_V1]: (event) => erasure.execute(event.data.personId, event.data.erasedAt),
      [LIAISON_OFFICER_ASSIGNED_V1]: (event) => recipients.assignLiaisonOfficer(event.subject, event.aggregateversion, event.data),
      [LIAISON_OFFICER_REMOVED_V1]: (event) => recipients.removeLiaisonOfficer(event.subject, event.aggregateversion),
    });
    this.consumer = new EventConsumer(kafka, options, new Inbox(connection.db), {
      groupId: CONSUMER_GROUPS.notifications.id,
      eventTopics: [TOPICS.organisations],
      recordTopics: [TOPICS.organisationContacts],
      onEvent: async (event, context) => {
        await project(event, context);
        await planner.plan(event);
      },
      // A tombstone: the person was erased (the erased event on the other topic may come before or after).
      onRecord: (personId, value) =>
        value === null ? erasure.execute(personId, new Date().toISOString()) : recipients.upsertContact(validateContactRecord(value)),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }
}
