// Measure 4: the write path. Creates of an organisation through the gateway (validation, session,
// relay, the versioned store with its outbox marker, the change document and the state) against
// raw driver inserts of the same documents (what one create leaves in the store, copied under new
// ids) into the same database, with as many concurrent writers as autocannon has connections.
// Target: the gateway's creates/s ≥ 0.5× the raw "creates"/s.
import { mongo } from 'mongoose';
import { interleaved, row, type BenchContext } from '../bench-context';
import { TemplateCopier } from '../data-set';
import { HttpRounds, type HttpRound } from '../http-load';
import type { ResultRow } from '../report';
import { median, ratio } from '../stats';

const TARGET = { op: '>=', value: 0.5, text: '≥ 0.5× raw inserts' } as const;

interface RawRound {
  readonly createsPerSecond: number;
  readonly creates: number;
}

/** `connections` writers inserting copies of one create's documents for `seconds`. */
async function rawInserts(db: mongo.Db, copier: TemplateCopier, connections: number, seconds: number, first: number): Promise<RawRound> {
  const until = performance.now() + seconds * 1000;
  let next = first;
  let creates = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        for (const [name, docs] of copier.copyOf(next++)) for (const doc of docs) await db.collection(name).insertOne(doc);
        creates++;
      }
    }),
  );
  return { createsPerSecond: creates / ((performance.now() - t0) / 1000), creates };
}

export async function measureWritePath(ctx: BenchContext): Promise<ResultRow[]> {
  const { options, dataSet, system } = ctx;
  const municipality = (dataSet.municipalities[1] ?? dataSet.municipalities[0]).code;
  const body = { kind: 'association', name: { fi: 'Kirjoitusmittauksen yhdistys' }, municipalities: [municipality], themes: ['inclusion'] };
  const sample = await ctx.gateway.call<{ id: string }>('POST', '/organisations', body, 201);
  const client = await mongo.MongoClient.connect(system.infra.mongo.url);
  try {
    const db = client.db(system.service('organisations').databaseName);
    const copier = await TemplateCopier.read(db, [[sample.id]]);
    let copies = 0;
    const raw = async (seconds: number) => {
      const round = await rawInserts(db, copier, options.connections, seconds, copies);
      copies += round.creates;
      return round;
    };
    const gateway = new HttpRounds({
      baseUrl: ctx.gateway.baseUrl,
      paths: ['/api/v1/organisations'],
      method: 'POST',
      body,
      headers: () => ctx.gateway.headers(),
      connections: options.connections,
    });
    await gateway.warmUp(options.warmupSeconds);
    if (options.warmupSeconds > 0) await raw(options.warmupSeconds);
    ctx.say(
      `  creates: ${options.rounds} rounds of ${options.roundSeconds} s per side, ${options.connections} writers (documents per create: ${JSON.stringify(copier.shape)})`,
    );
    const rounds = await interleaved<'gateway' | 'raw', HttpRound | RawRound>(options.rounds, {
      gateway: () => gateway.round(options.roundSeconds),
      raw: () => raw(options.roundSeconds),
    });
    const viaGateway = median((rounds.gateway as HttpRound[]).map((r) => r.requestsPerSecond));
    const viaDriver = median((rounds.raw as RawRound[]).map((r) => r.createsPerSecond));
    const r = ratio(viaGateway, viaDriver);
    return [
      row(options, {
        id: 'writes.create',
        measure: 4,
        title: 'create organisation: gateway vs raw driver inserts of its documents',
        figures: {
          gateway: { value: viaGateway, unit: 'creates/s' },
          raw: { value: viaDriver, unit: 'creates/s' },
          'p99 gateway': { value: median((rounds.gateway as HttpRound[]).map((g) => g.p99Ms)), unit: 'ms' },
        },
        ratio: r,
        checked: r,
        target: TARGET,
        rounds: rounds.gateway.map((g, i) => ({ gateway: g, raw: rounds.raw[i] })),
        note: `one create stores ${Object.entries(copier.shape)
          .map(([name, n]) => `${n} in ${name}`)
          .join(', ')}; the raw side inserts those documents one by one`,
      }),
    ];
  } finally {
    await client.close();
  }
}
