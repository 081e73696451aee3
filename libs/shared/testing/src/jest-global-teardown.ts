import { stopContainers } from './containers';

/** Containers go; the local infrastructure stays up for the next run (`npm test` stops what it started). */
export default async function globalTeardown(): Promise<void> {
  await stopContainers();
}
