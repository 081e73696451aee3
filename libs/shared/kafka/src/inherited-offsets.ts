import type { Kafka } from 'kafkajs';
import { TOPIC_SPECS } from '@yp/contracts-events';
import { prefixed, type KafkaOptions } from './kafka-options';
import { ensureTopics } from './topic-admin';

/** What `inheritOffsets` found and did. */
export type InheritedOffsets =
  /** The group has committed offsets of its own: it goes on from there. */
  | { readonly outcome: 'own' }
  /** The group starts where the other group had got to (partition → offset). */
  | { readonly outcome: 'inherited'; readonly offsets: Readonly<Record<number, string>> }
  /** Neither group has read the topic (a new deployment): the group starts at the beginning, as the other did. */
  | { readonly outcome: 'none' }
  /** Another instance joined the group meanwhile (it inherited first, or the group already runs): nothing to do. */
  | { readonly outcome: 'running' };

/**
 * Where a consumer group that takes over a job from another group starts on an existing deployment:
 * at the other group's committed offsets on `topic`, copied once, before the new group ever joins.
 *
 * A brand-new group would otherwise start at the beginning of the retained topic (replaying a week
 * of events to the job) or at its end (missing what the other group had not read yet). The copy
 * starts exactly where the old job stopped; what the old group had read but not yet committed is
 * read again, which the job must absorb (webhook fan-out dedupes by event id). Partitions the old
 * group never committed start at the beginning, as they would have for it.
 *
 * Call it before any consumer of this instance starts (a provider's `onModuleInit`): the old group
 * may then only have been moved on by instances that still do the job.
 */
export async function inheritOffsets(
  kafka: Kafka,
  options: KafkaOptions,
  groups: { readonly group: string; readonly from: string },
  topic: string,
): Promise<InheritedOffsets> {
  await ensureTopics(
    kafka,
    options,
    TOPIC_SPECS.filter((t) => t.name === topic),
  );
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topicName = prefixed(options, topic);
    const committed = async (groupId: string) =>
      (await admin.fetchOffsets({ groupId: prefixed(options, groupId), topics: [topicName] }))
        .flatMap((t) => t.partitions)
        .filter((p) => Number(p.offset) >= 0);
    if ((await committed(groups.group)).length > 0) return { outcome: 'own' };
    const inherited = await committed(groups.from);
    if (inherited.length === 0) return { outcome: 'none' };
    try {
      await admin.setOffsets({
        groupId: prefixed(options, groups.group),
        topic: topicName,
        partitions: inherited.map((p) => ({ partition: p.partition, offset: p.offset })),
      });
    } catch (error) {
      // kafkajs refuses to move the offsets of a group with members: another instance was first.
      if (error instanceof Error && /no running instances/.test(error.message)) return { outcome: 'running' };
      throw error;
    }
    return { outcome: 'inherited', offsets: Object.fromEntries(inherited.map((p) => [p.partition, p.offset])) };
  } finally {
    await admin.disconnect();
  }
}
