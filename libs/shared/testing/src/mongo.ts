import mongoose from 'mongoose';
import { assertTestDatabase } from './database-name';
import { testEndpoints } from './test-infra';

/** A connection to a test database of this run; refuses names without "test". */
export async function connectTestDatabase(name: string): Promise<mongoose.Connection> {
  assertTestDatabase(name);
  const url = `${testEndpoints().mongo.url.replace(/\/$/, '')}/${name}`;
  return mongoose.createConnection(url, { serverSelectionTimeoutMS: 5000, retryWrites: false }).asPromise();
}
