/**
 * Frozen topic names. NEVER rename one without a migration: consumers' committed offsets, retained
 * events and integrators' subscriptions hang on these strings.
 */
export const TOPICS = Object.freeze({
  /** Domain events of the organisations service, keyed by aggregate id. */
  organisations: 'yp.organisations.events',
  /** Compacted: personal data of contact persons keyed by person id; a tombstone erases. */
  organisationContacts: 'yp.organisations.contacts',
  workingGroups: 'yp.working-groups.events',
  villages: 'yp.villages.events',
  notifications: 'yp.notifications.events',
} as const);

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** One consumer group: its id (unprefixed) and the topics it reads. */
export interface ConsumerGroupSpec {
  readonly id: string;
  readonly topics: readonly TopicName[];
}

/**
 * Frozen consumer group ids, one per service and purpose. NEVER rename one without a migration: the
 * group's committed offsets and its dead-letter topic (`yp.dlt.<id>`) hang on the string; a new id
 * starts a new group that reads the retained topic again. Apps, the AsyncAPI document and
 * docs/event-catalogue.md all take them from here.
 */
export const CONSUMER_GROUPS = Object.freeze({
  /** Recipients projection and email planning. */
  notifications: { id: 'notifications', topics: [TOPICS.organisations, TOPICS.organisationContacts] },
  /**
   * Webhook fan-out (every event to the matching subscriptions), apart from email so that a failing
   * fan-out never retries or dead-letters the email planning of the same event. New on a deployment
   * that ran before it: it first starts at the committed offsets of `notifications` (which did the
   * fan-out until then), not at the beginning of the topic.
   */
  notificationsWebhooks: { id: 'notifications.webhooks', topics: [TOPICS.organisations] },
  /** The working-groups service's copy of the organisation register. */
  workingGroupsOrganisationDirectory: { id: 'working-groups.organisation-directory', topics: [TOPICS.organisations] },
  /** The villages service's copy of the organisation register. */
  villagesOrganisationDirectory: { id: 'villages.organisation-directory', topics: [TOPICS.organisations] },
} satisfies Record<string, ConsumerGroupSpec>);

export type ConsumerGroupName = keyof typeof CONSUMER_GROUPS;

/** Dead-letter topic of one consumer group: messages it gave up on, with the reason in headers. */
export function deadLetterTopic(consumerGroup: string): string {
  return `yp.dlt.${consumerGroup}`;
}

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly compacted: boolean;
}

export const TOPIC_SPECS: readonly TopicSpec[] = Object.freeze([
  { name: TOPICS.organisations, partitions: 3, compacted: false },
  { name: TOPICS.organisationContacts, partitions: 3, compacted: true },
  { name: TOPICS.workingGroups, partitions: 3, compacted: false },
  { name: TOPICS.villages, partitions: 3, compacted: false },
  { name: TOPICS.notifications, partitions: 3, compacted: false },
]);
