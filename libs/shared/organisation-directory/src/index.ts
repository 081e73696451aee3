export * from './organisation-directory';
export * from './organisation-directory.module';
