import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { KafkaOptions } from './kafka-options';

const logger = new Logger('kafkajs');

function logCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, ...extra } = log as { message: string; broker?: unknown; groupId?: unknown; error?: unknown };
    const line = `${message} ${JSON.stringify({ broker: extra.broker, groupId: extra.groupId, error: extra.error })}`;
    if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
    else logger.debug(line);
  };
}

export function createKafka(options: KafkaOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10000 },
    logLevel: logLevel.WARN,
    logCreator,
  });
}
