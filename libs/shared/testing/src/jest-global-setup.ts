import { dockerEngineAnswers, startContainers } from './containers';
import { ENDPOINTS_ENV, startLocalInfra } from './test-infra';

/**
 * Starts the real infrastructure once per run: testcontainers where a Docker engine answers, the
 * local default (deploy/local: Kafka, FerretDB, MailDev) otherwise. Test workers inherit the
 * endpoints through the environment.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env[ENDPOINTS_ENV]) return;
  const endpoints = dockerEngineAnswers() ? await startContainers() : startLocalInfra();
  process.env[ENDPOINTS_ENV] = JSON.stringify(endpoints);
}
