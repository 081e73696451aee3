// Integration and end-to-end tests start real processes and wait on real brokers.
jest.setTimeout(Number(process.env.YP_TEST_TIMEOUT_MS ?? 180000));
