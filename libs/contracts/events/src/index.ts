export * from './envelope';
export * from './topics';
export * from './registry';
export * from './organisations/organisation-snapshot';
export * from './organisations/organisation-registered.v1';
export * from './organisations/organisation-updated.v1';
export * from './organisations/liaison-officer-assigned.v1';
export * from './organisations/contact-record.v1';
