import { Global, Inject, Injectable, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { Gauge } from 'prom-client';
import { metricsRegistry } from '@yp/shared-bootstrap';
import { KAFKA_OPTIONS, OutboxRelay, type KafkaOptions } from '@yp/shared-kafka';
import { ChangeLogOutbox } from '@yp/shared-persistence';

/** Change logs of this service whose records the relay publishes. */
const CHANGE_LOGS = [
  'organisations_changes',
  'liaison_officers_changes',
  'activities_changes',
  'contacts_changes',
  'person_erasures_changes',
  'partnerships_changes',
];

/** Owns the outbox relay's lifecycle; handlers call `nudge()` after a commit. */
@Injectable()
export class OutboxNudge implements OnApplicationBootstrap, OnModuleDestroy {
  readonly relay: OutboxRelay;

  constructor(@InjectConnection() connection: Connection, kafka: Kafka, @Inject(KAFKA_OPTIONS) options: KafkaOptions) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    const outbox = new ChangeLogOutbox(connection.db, CHANGE_LOGS);
    this.relay = new OutboxRelay(kafka, options, outbox);
    new Gauge({
      name: 'outbox_backlog',
      help: 'Committed changes not yet published to Kafka',
      registers: [metricsRegistry],
      collect: async function (this: Gauge) {
        this.set(await outbox.backlog().catch(() => -1));
      },
    });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
  }

  nudge(): void {
    this.relay.nudge();
  }
}

@Global()
@Module({ providers: [OutboxNudge], exports: [OutboxNudge] })
export class OutboxModule {}
