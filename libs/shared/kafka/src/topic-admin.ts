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
    // Several services may race to create the same topics on a fresh broker: losing is fine.
    await admin
      .createTopics({
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
      })
      .catch((error: unknown) => logger.warn(`createTopics: ${error instanceof Error ? error.message : 'failed'} (checking what exists)`));
    // Wait until every topic has a leader for each partition, so producers and consumers can start.
    const names = topics.map((t) => prefixed(options, t.name));
    for (let attempt = 0; ; attempt++) {
      try {
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics: names });
        if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) break;
      } catch (error) {
        if (attempt >= 50) throw error;
      }
      if (attempt >= 50) throw new Error(`Topics ${names.join(', ')} have no leaders after waiting`);
      await new Promise((r) => setTimeout(r, 200));
    }
    logger.log(`Ensured topics ${missing.map((t) => prefixed(options, t.name)).join(', ')}`);
  } finally {
    await admin.disconnect();
  }
}
