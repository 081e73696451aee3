export * from './validators';
export * from './localised-text.dto';
export * from './organisation.dto';
export * from './liaison-officer.dto';
export * from './auth.dto';
export * from './problem.dto';
export * from './list-organisations.query.dto';
