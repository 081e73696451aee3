import { Logger } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { prefixed, type KafkaOptions } from './kafka-options';

export interface TopicToEnsure {
  readonly name: string;
  readonly partitions: number;
  readonly compacted?: boolean;
}

const logger = new Logger('TopicAdmin');

/**
 * Creates topics explicitly (the broker does not auto-create them) with their partition count and
 * cleanup policy. Safe to call from every service on every start.
 */
export async function ensureTopics(kafka: Kafka, options: KafkaOptions, topics: readonly TopicToEnsure[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(prefixed(options, t.name)));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: prefixed(options, t.name),
        numPartitions: t.partitions,
        configEntries: t.compacted
          ? [
              { name: 'cleanup.policy', value: 'compact' },
              { name: 'min.cleanable.dirty.ratio', value: '0.1' },
              { name: 'delete.retention.ms', value: '86400000' },
            ]
          : [],
      })),
    });
    logger.log(`Created topics ${missing.map((t) => prefixed(options, t.name)).join(', ')}`);
  } finally {
    await admin.disconnect();
  }
}
