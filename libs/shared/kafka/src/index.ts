export * from './kafka-options';
export * from './kafka-connection';
export * from './topic-admin';
export * from './transient-error';
export * from './event-codec';
export * from './outbox-relay';
export * from './event-consumer';
export * from './kafka.module';
