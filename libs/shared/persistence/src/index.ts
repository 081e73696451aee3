export * from './keyed-mutex';
export * from './versioned-store';
export * from './inbox';
export * from './projection';
export * from './change-log-outbox';
export * from './database-lease';
export * from './leased-task';
export * from './unique-claim';
