import { execFileSync } from 'node:child_process';
import type { TestEndpoints } from './test-infra';

/** True when a Docker engine answers (then testcontainers provides the infrastructure). */
export function dockerEngineAnswers(): boolean {
  if (process.env.YP_TEST_INFRA === 'local') return false;
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

interface Stoppable {
  stop(): Promise<unknown>;
}
const started: Stoppable[] = [];

/**
 * The same topology on official images through testcontainers: Apache Kafka (KRaft), MongoDB and
 * Mailpit. Host ports are fixed so that a container stopped and started by a fault test comes back
 * where the services expect it.
 */
export async function startContainers(): Promise<TestEndpoints> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const kafkaPort = 39092;
  const kafka = await new GenericContainer('apache/kafka:4.1.1')
    .withExposedPorts({ container: kafkaPort, host: kafkaPort })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://:${kafkaPort},CONTROLLER://:9093`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_NUM_PARTITIONS: '3',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  const mongo = await new GenericContainer('mongo:7')
    .withExposedPorts({ container: 27017, host: 37017 })
    .withWaitStrategy(Wait.forListeningPorts())
    .start();
  const mail = await new GenericContainer('axllent/mailpit:latest')
    .withExposedPorts({ container: 1025, host: 31025 }, { container: 8025, host: 38025 })
    .withWaitStrategy(Wait.forListeningPorts())
    .start();
  started.push(kafka, mongo, mail);
  return {
    mode: 'containers',
    kafka: { brokers: [`127.0.0.1:${kafkaPort}`] },
    mongo: { url: 'mongodb://127.0.0.1:37017/' },
    smtp: { host: '127.0.0.1', port: 31025 },
    mailWeb: { url: 'http://127.0.0.1:38025/', api: 'mailpit:http://127.0.0.1:38025' },
    containers: { kafka: kafka.getId(), ferretdb: mongo.getId(), smtp: mail.getId() },
  };
}

export async function stopContainers(): Promise<void> {
  await Promise.all(started.splice(0).map((c) => c.stop()));
}
