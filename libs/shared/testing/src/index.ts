export * from './test-infra';
export * from './containers';
export * from './eventually';
export * from './mailbox';
export * from './system';
export * from './mongo';
export * from './topic-reader';
export * from './database-name';
