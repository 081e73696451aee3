import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { CONSUMER_GROUPS, TOPICS } from '@yp/contracts-events';
import { EventConsumers, inheritOffsets, KAFKA_OPTIONS, type EventConsumer, type KafkaOptions } from '@yp/shared-kafka';
import { WebhookFanOut } from './webhook-fan-out';

const GROUP = CONSUMER_GROUPS.notificationsWebhooks;

/**
 * The organisations topic → webhook subscriptions, in its own consumer group
 * (`notifications.webhooks`): a thin adapter that hands every event (the EventConsumer validated
 * it and skips ids it has processed) to the fan-out. Retries and dead letters of a failing fan-out
 * stay in this group and never touch the email planning of the same event (group `notifications`).
 *
 * On a deployment where the `notifications` group did the fan-out until now, this group first
 * starts at that group's committed offsets (see inheritOffsets), before any consumer of this
 * instance runs; the few events read again are deduplicated by event id (webhook_events, and a
 * delivery id per event and subscription).
 */
@Injectable()
export class WebhookEventsConsumer implements OnModuleInit {
  private readonly logger = new Logger(WebhookEventsConsumer.name);
  readonly consumer: EventConsumer;

  constructor(
    consumers: EventConsumers,
    private readonly kafka: Kafka,
    @Inject(KAFKA_OPTIONS) private readonly options: KafkaOptions,
    fanOut: WebhookFanOut,
  ) {
    this.consumer = consumers.add({ groupId: GROUP.id, eventTopics: GROUP.topics, onEvent: (event) => fanOut.onEvent(event) });
  }

  /** Before any consumer starts (EventConsumers starts them on bootstrap): where this group begins, the first time. */
  async onModuleInit(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const start = await inheritOffsets(
          this.kafka,
          this.options,
          { group: GROUP.id, from: CONSUMER_GROUPS.notifications.id },
          TOPICS.organisations,
        );
        if (start.outcome === 'inherited')
          this.logger.log(
            `Consumer group ${GROUP.id} starts where ${CONSUMER_GROUPS.notifications.id} is: ${JSON.stringify(start.offsets)}`,
          );
        return;
      } catch (error) {
        if (attempt >= 10) throw error;
        this.logger.warn(`Could not read the consumer groups' offsets (attempt ${attempt}), retrying: ${String(error)}`);
        await new Promise((r) => setTimeout(r, Math.min(5000, 500 * attempt)));
      }
    }
  }
}
