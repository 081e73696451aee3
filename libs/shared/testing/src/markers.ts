import { Kafka, logLevel } from 'kafkajs';
import { CONSUMER_GROUPS } from '@yp/contracts-events';
import { eventually } from './eventually';
import type { AppName, TestSystem } from './system';
import { testEndpoints } from './test-infra';
import { readTopic, type ReadMessage } from './topic-reader';

/*
 * Positive markers for "nothing else happened". A test that shows that something was NOT sent (an
 * email, an event, a webhook) first waits for a fact that can only hold once everything that could
 * have sent it has run, then asserts. Never a fixed sleep: on a slow machine it passes for the
 * wrong reason, on a fast one it wastes time.
 *
 * - consumersCaughtUp: every consumer of the running services has handled every record that is on
 *   its topics now (the committed offsets are Kafka's own record of that);
 * - emailsSettled: that, and no email is left queued, so the delivery log is final: what it does
 *   not hold will not be sent, and what it holds as sent is at the SMTP server;
 * - sentinelEventPublished: a change committed after the ones under test is on the topic, so they
 *   are too (the outbox publishes in commit order).
 * Receivers of webhooks and periodic tasks have their own markers in their suites (a later
 * delivery that must come after, a later run that must have seen the item).
 */

/** The service that owns a consumer group: `notifications`, `working-groups.organisation-directory`, ... */
function ownerOf(groupId: string): AppName {
  return groupId.split('.')[0] as AppName;
}

/**
 * Waits until every consumer group (CONSUMER_GROUPS) of the services this system runs has
 * committed past every record on its topics as of this call. Call it once the records in question
 * are on the topics: after seeing a downstream effect of them or of something committed later
 * (an email, a webhook), or after sentinelEventPublished.
 */
export async function consumersCaughtUp(system: TestSystem, timeoutMs = 30000): Promise<void> {
  const groups = Object.values(CONSUMER_GROUPS).filter((g) => system.isRunning(ownerOf(g.id)));
  if (groups.length === 0) throw new Error(`consumersCaughtUp: ${system.name} runs no service with a consumer group`);
  await groupsCaughtUp(system.topicPrefix, groups, `the consumers of ${system.name}`, timeoutMs);
}

/** consumersCaughtUp for any groups under a prefix (ids and topics unprefixed, as in CONSUMER_GROUPS). */
export async function groupsCaughtUp(
  prefix: string,
  groups: readonly { readonly id: string; readonly topics: readonly string[] }[],
  who: string,
  timeoutMs = 30000,
): Promise<void> {
  const prefixed = (name: string) => `${prefix}${name}`;
  const kafka = new Kafka({ clientId: 'test-markers', brokers: testEndpoints().kafka.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    // The end of each topic now: partition → the offset after its last record.
    const ends = new Map<string, Map<number, bigint>>();
    for (const topic of new Set(groups.flatMap((g) => g.topics.map(prefixed)))) {
      const offsets = await admin.fetchTopicOffsets(topic);
      ends.set(topic, new Map(offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)])));
    }
    let behind = '';
    await eventually(
      async () => {
        for (const group of groups) {
          const groupId = prefixed(group.id);
          const committed = await admin.fetchOffsets({ groupId, topics: group.topics.map(prefixed) });
          for (const { topic, partitions } of committed) {
            for (const [partition, end] of ends.get(topic) ?? []) {
              const offset = BigInt(partitions.find((p) => p.partition === partition)?.offset ?? '-1');
              if (offset < end) {
                behind = `${groupId} at ${offset} of ${end} on ${topic}[${partition}]`;
                return false;
              }
            }
          }
        }
        return true;
      },
      `${who} to handle what is on their topics`,
      timeoutMs,
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)} (${behind})`);
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * consumersCaughtUp, then no email left queued in the notifications delivery log (read through the
 * gateway as the test admin). From then on the log is final for everything published so far.
 */
export async function emailsSettled(system: TestSystem, timeoutMs = 30000): Promise<void> {
  await consumersCaughtUp(system, timeoutMs);
  await eventually(
    async () => {
      const res = await system.request<{ items: unknown[] }>('GET', '/api/v1/notifications/deliveries?status=queued&limit=1');
      if (res.status !== 200) throw new Error(`the delivery log answered ${res.status}: ${res.text.slice(0, 200)}`);
      return res.body.items.length === 0;
    },
    `no email of ${system.name} left queued`,
    timeoutMs,
  );
}

/**
 * Commits a sentinel change through `write` (which returns the key of its event, one not on the
 * topic before: a new aggregate) and waits until that event is on `topic`. The outbox publishes in
 * commit order, so everything committed before the sentinel is on the topic too: the topic as read
 * then is returned.
 */
export async function sentinelEventPublished(topic: string, write: () => Promise<string>, timeoutMs = 30000): Promise<ReadMessage[]> {
  const key = await write();
  return eventually(
    async () => {
      const messages = await readTopic(topic);
      return messages.some((m) => m.key === key) ? messages : undefined;
    },
    `the sentinel event ${key} on ${topic}`,
    timeoutMs,
  );
}
