// HTTP load with autocannon: a closed loop of N connections cycling through the request paths
// given (e.g. many organisation ids), with the headers of the side measured.
//
// A round is a number of requests, not a time: about `seconds` worth at the latency seen so far,
// and at least MIN_PER_CONNECTION per connection. A round cut off by a clock would drop the
// requests still in flight, which for a list that takes 10 s on a large register is every one;
// this way each round ends with its last answer, however slow, and a slow query still gets a few
// samples.
import autocannon from 'autocannon';

const MIN_PER_CONNECTION = 2;

export interface HttpSide {
  readonly baseUrl: string;
  /** Paths (with query) taken in turn, one per request. */
  readonly paths: readonly string[];
  readonly method?: 'GET' | 'POST';
  /** A JSON body sent with every request. */
  readonly body?: unknown;
  /** Headers for a run (called once per run: tokens are signed afresh). */
  readonly headers: () => Promise<Record<string, string>> | Record<string, string>;
  readonly connections: number;
}

export interface HttpRound {
  /** Successful (2xx) answers per second. */
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly seconds: number;
}

/** Rounds of load on one side of a comparison; each sized from the latency of the one before. */
export class HttpRounds {
  private meanMs: number | undefined;
  private next = 0;

  constructor(private readonly side: HttpSide) {}

  /** One request per connection, then (if `seconds` > 0) about that long; nothing is recorded. */
  async warmUp(seconds: number): Promise<void> {
    await this.run(this.side.connections);
    if (seconds > 0) await this.round(seconds);
  }

  /** About `seconds` of requests at the latency seen so far, at least two per connection. */
  async round(seconds: number): Promise<HttpRound> {
    if (this.meanMs === undefined) await this.run(this.side.connections);
    const perSecond = (this.side.connections * 1000) / (this.meanMs ?? 1000);
    return this.run(Math.max(MIN_PER_CONNECTION * this.side.connections, Math.ceil(seconds * perSecond)));
  }

  /** `amount` requests; fails on any answer that is not 2xx, on connection errors and timeouts. */
  private async run(amount: number): Promise<HttpRound> {
    const { side } = this;
    const result = await autocannon({
      url: side.baseUrl,
      connections: side.connections,
      amount,
      // Lists of 20 000 organisations on FerretDB take many seconds under load; a timeout is an error.
      timeout: 120,
      method: side.method ?? 'GET',
      headers: { ...(await side.headers()), ...(side.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: side.body === undefined ? undefined : JSON.stringify(side.body),
      requests: [{ setupRequest: (request) => ({ ...request, path: side.paths[this.next++ % side.paths.length] }) }],
    });
    const ok = result['2xx'];
    if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0 || ok === 0) {
      throw new Error(
        `${side.method ?? 'GET'} ${side.baseUrl}${side.paths[0]}: ${ok} answers 2xx, ${result.non2xx} not 2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
      );
    }
    this.meanMs = result.latency.mean;
    return {
      requestsPerSecond: ok / result.duration,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      requests: ok,
      seconds: result.duration,
    };
  }
}
