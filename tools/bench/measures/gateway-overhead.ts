// Measure 1: the gateway's cost. The same reads through the gateway (as a logged-in user: session,
// token checks, relay) and straight at the organisations service (with the identity the gateway
// would sign), on the small register: GET by id (ids in turn) and a municipality-filtered list page
// of 50. Target: the gateway serves ≥ 0.8× the direct requests per second.
import { interleaved, row, type BenchContext, type DataSet } from '../bench-context';
import type { DirectClient } from '../clients';
import { HttpRounds, type HttpRound } from '../http-load';
import type { ResultRow } from '../report';
import { median, ratio } from '../stats';

const TARGET = { op: '>=', value: 0.8, text: '≥ 0.8× direct' } as const;

/** What measure 1 needs: it also runs against a running system (YP_BENCH_URL). */
export interface GatewayOverheadContext extends Pick<BenchContext, 'options' | 'gateway' | 'say'> {
  readonly direct: { readonly small: DirectClient };
  readonly dataSet: Pick<DataSet, 'sampleIds' | 'listMunicipality'>;
}

export async function measureGatewayOverhead(ctx: GatewayOverheadContext): Promise<ResultRow[]> {
  const { options, dataSet } = ctx;
  const cases = [
    {
      id: 'gateway.get-by-id',
      title: 'GET organisation by id: gateway vs direct',
      paths: dataSet.sampleIds.map((id) => `/organisations/${id}`),
    },
    {
      id: 'gateway.list-page',
      title: `list page of 50 (municipality ${dataSet.listMunicipality}): gateway vs direct`,
      paths: [`/organisations?municipality=${dataSet.listMunicipality}&limit=50`],
    },
  ];
  const rows: ResultRow[] = [];
  for (const c of cases) {
    const sides = {
      gateway: new HttpRounds({
        baseUrl: ctx.gateway.baseUrl,
        paths: c.paths.map((p) => `/api/v1${p}`),
        headers: () => ctx.gateway.headers(),
        connections: options.connections,
      }),
      direct: new HttpRounds({
        baseUrl: ctx.direct.small.baseUrl,
        paths: c.paths,
        headers: () => ctx.direct.small.headers(),
        connections: options.connections,
      }),
    };
    await sides.gateway.warmUp(options.warmupSeconds);
    await sides.direct.warmUp(options.warmupSeconds);
    ctx.say(`  ${c.title}: ${options.rounds} rounds of about ${options.roundSeconds} s per side`);
    const rounds = await interleaved<'gateway' | 'direct', HttpRound>(options.rounds, {
      gateway: () => sides.gateway.round(options.roundSeconds),
      direct: () => sides.direct.round(options.roundSeconds),
    });
    const rate = (side: HttpRound[]) => median(side.map((r) => r.requestsPerSecond));
    const p99 = (side: HttpRound[]) => median(side.map((r) => r.p99Ms));
    const r = ratio(rate(rounds.gateway), rate(rounds.direct));
    rows.push(
      row(options, {
        id: c.id,
        measure: 1,
        title: c.title,
        figures: {
          gateway: { value: rate(rounds.gateway), unit: 'req/s' },
          direct: { value: rate(rounds.direct), unit: 'req/s' },
          'p99 gateway': { value: p99(rounds.gateway), unit: 'ms' },
          'p99 direct': { value: p99(rounds.direct), unit: 'ms' },
        },
        ratio: r,
        checked: r,
        target: TARGET,
        rounds: rounds.gateway.map((g, i) => ({ gateway: g, direct: rounds.direct[i] })),
      }),
    );
  }
  return rows;
}
