export interface KafkaOptions {
  /** host:port list of bootstrap brokers. */
  readonly brokers: readonly string[];
  /** Identifies this service to the broker (and in its logs). */
  readonly clientId: string;
  /**
   * Prepended to every topic name and consumer group id; empty in production. Tests give each
   * suite its own prefix so suites never see each other's messages.
   */
  readonly topicPrefix: string;
}

export function prefixed(options: Pick<KafkaOptions, 'topicPrefix'>, name: string): string {
  return `${options.topicPrefix}${name}`;
}

export function unprefixed(options: Pick<KafkaOptions, 'topicPrefix'>, name: string): string {
  return options.topicPrefix && name.startsWith(options.topicPrefix) ? name.slice(options.topicPrefix.length) : name;
}
