import mongoose from 'mongoose';
import { assertTestDatabase } from './database-name';
import { testEndpoints } from './test-infra';

/** A connection to a test database of this run; refuses names without "test". */
export async function connectTestDatabase(name: string): Promise<mongoose.Connection> {
  assertTestDatabase(name);
  const url = `${testEndpoints().mongo.url.replace(/\/$/, '')}/${name}`;
  return mongoose.createConnection(url, { serverSelectionTimeoutMS: 5000, retryWrites: false }).asPromise();
}

/** Set to keep the databases of integration and end-to-end tests for a look afterwards. */
export const KEEP_DATABASES_ENV = 'YP_TEST_KEEP_DATABASES';

/** Drops a test database of this run (never one whose name lacks "test"), unless asked to keep them. */
export async function dropTestDatabase(name: string): Promise<void> {
  assertTestDatabase(name);
  if (process.env[KEEP_DATABASES_ENV]) return;
  const connection = await connectTestDatabase(name);
  try {
    await connection.db?.dropDatabase();
  } finally {
    await connection.close();
  }
}
