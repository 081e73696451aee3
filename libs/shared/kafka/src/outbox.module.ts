import { Global, Inject, Injectable, Module, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { Gauge } from 'prom-client';
import { metricsRegistry, Readiness } from '@yp/shared-bootstrap';
import { ChangeLogOutbox } from '@yp/shared-persistence';
import { KAFKA_OPTIONS } from './kafka.module';
import type { KafkaOptions } from './kafka-options';
import { OutboxRelay } from './outbox-relay';

/** Relays of this process, for the `outbox_backlog` gauge (read from their counters, never from the database). */
const relays = new Set<OutboxRelay>();

function backlogGauge(): void {
  if (metricsRegistry.getSingleMetric('outbox_backlog')) return;
  new Gauge({
    name: 'outbox_backlog',
    help: 'Committed changes not yet published to Kafka (as the relay last saw them; -1 before its first look or when it cannot read)',
    registers: [metricsRegistry],
    collect(this: Gauge) {
      let total = 0;
      for (const relay of relays) {
        if (relay.backlog === undefined) return this.set(-1);
        total += relay.backlog;
      }
      this.set(total);
    },
  });
}

/**
 * Runs the service's outbox relay: starts it with the app, stops it before the database connection
 * closes, reports it in readiness (`outbox`: broker state and backlog, never a reason to be unready:
 * writes do not depend on Kafka) and in the `outbox_backlog` gauge.
 */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, OnModuleDestroy {
  readonly relay: OutboxRelay;

  constructor(outbox: ChangeLogOutbox, kafka: Kafka, @Inject(KAFKA_OPTIONS) options: KafkaOptions, @Optional() readiness?: Readiness) {
    this.relay = new OutboxRelay(kafka, options, outbox);
    readiness?.add({ name: 'outbox', check: () => Promise.resolve(this.relay.describe()) });
    backlogGauge();
  }

  onApplicationBootstrap(): void {
    relays.add(this.relay);
    this.relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
    relays.delete(this.relay);
  }
}

/**
 * The transactional outbox of a service that publishes: import it once in the app module. Stores
 * built with `new VersionedStore(db, name, { outbox })` (inject `ChangeLogOutbox`) register their
 * change log, and each commit nudges the relay; no handler calls the relay and no list of change
 * logs is kept by hand.
 */
@Global()
@Module({
  providers: [
    {
      provide: ChangeLogOutbox,
      inject: [getConnectionToken()],
      useFactory: (connection: Connection) => {
        if (!connection.db) throw new Error('MongoDB connection is not open');
        return new ChangeLogOutbox(connection.db);
      },
    },
    OutboxRelayHost,
  ],
  exports: [ChangeLogOutbox, OutboxRelayHost],
})
export class OutboxModule {}
