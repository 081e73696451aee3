// HTTP load with autocannon: a closed loop of N connections for a fixed time, cycling through the
// request paths given (e.g. many organisation ids), with the headers of the side measured.
import autocannon from 'autocannon';

export interface HttpLoad {
  readonly baseUrl: string;
  /** Paths (with query) taken in turn, one per request. */
  readonly paths: readonly string[];
  readonly method?: 'GET' | 'POST';
  /** A JSON body sent with every request. */
  readonly body?: unknown;
  /** Headers for this run (called once per run: tokens are signed afresh). */
  readonly headers: () => Promise<Record<string, string>> | Record<string, string>;
  readonly connections: number;
  readonly seconds: number;
}

export interface HttpRound {
  /** Successful (2xx) answers per second. */
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
}

/**
 * Runs one round; fails on any answer that is not 2xx and on connection errors or timeouts (a
 * figure made of errors measures nothing). A round too short for a single answer (a slow query on
 * a busy machine, in a 1 s smoke round) runs again, twice as long, up to twice.
 */
export async function runHttpLoad(load: HttpLoad): Promise<HttpRound> {
  for (let seconds = load.seconds; ; seconds *= 2) {
    const round = await runOnce({ ...load, seconds });
    if (round || seconds >= load.seconds * 4) {
      if (!round) throw new Error(`${load.method ?? 'GET'} ${load.baseUrl}${load.paths[0]}: no answer within ${seconds} s`);
      return round;
    }
  }
}

async function runOnce(load: HttpLoad): Promise<HttpRound | undefined> {
  const headers = { ...(await load.headers()), ...(load.body === undefined ? {} : { 'content-type': 'application/json' }) };
  let next = 0;
  const result = await autocannon({
    url: load.baseUrl,
    connections: load.connections,
    duration: load.seconds,
    // Lists at 20 000 organisations on FerretDB take seconds under load; a timeout would be an error.
    timeout: 120,
    method: load.method ?? 'GET',
    headers,
    body: load.body === undefined ? undefined : JSON.stringify(load.body),
    requests: [
      {
        setupRequest: (request) => {
          const path = load.paths[next++ % load.paths.length];
          return { ...request, path };
        },
      },
    ],
  });
  const ok = result['2xx'];
  if (ok === 0 && result.non2xx === 0 && result.errors === 0 && result.timeouts === 0) return undefined;
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0 || ok === 0) {
    throw new Error(
      `${load.method ?? 'GET'} ${load.baseUrl}${load.paths[0]}: ${ok} answers 2xx, ${result.non2xx} not 2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return {
    requestsPerSecond: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: ok,
  };
}
