// Measure 2: do list reads stay flat as the register grows? The same queries on the organisations
// service of the small register and of the large one (each its own database), side by side: a
// municipality-filtered list page (up to 50, as many as the small register's municipality fills, so
// both sizes answer the same number of organisations: with 51 municipalities, 1 000 organisations
// hold 20 in one, and a page of 50 at 20 000 would carry 2.5× the items at the large size), a name
// search (a term that matches one organisation in either register, so the whole register is
// searched) and the change feed's second page (`updatedSince` + the cursor of the first page).
// Measured straight at the services: the gateway adds the same cost to both sizes (measure 1).
// Target: p99 at the large size ≤ 2× at the small one.
import { interleaved, row, type BenchContext } from '../bench-context';
import type { DirectClient } from '../clients';
import { HttpRounds, type HttpRound } from '../http-load';
import type { ResultRow } from '../report';
import { median, ratio } from '../stats';

const TARGET = { op: '<=', value: 2, text: 'p99 ≤ 2× at the small size' } as const;
const SINCE = '2000-01-01T00:00:00.000Z';

interface Page {
  readonly items: unknown[];
  readonly nextCursor: string | null;
}

async function secondPagePath(client: DirectClient): Promise<string> {
  const first = await client.call<Page>(`/organisations-changes?updatedSince=${SINCE}&limit=50`);
  if (!first.nextCursor) throw new Error('The change feed has a single page: the register is smaller than 51 organisations');
  return `/organisations-changes?updatedSince=${SINCE}&limit=50&cursor=${first.nextCursor}`;
}

/** A page size that the list filter fills at both sizes (at most 50), checked on both services. */
async function fullPageLimit(ctx: BenchContext, filter: string): Promise<number> {
  const limit = (await ctx.direct.small.call<Page>(`/organisations?${filter}&limit=50`)).items.length;
  if (limit === 0) throw new Error(`The list filter ${filter} finds nothing in the small register`);
  for (const [name, client] of Object.entries(ctx.direct)) {
    const page = await client.call<Page>(`/organisations?${filter}&limit=${limit}`);
    if (page.items.length !== limit) throw new Error(`A page of ${limit} (${filter}) has ${page.items.length} in the ${name} register`);
  }
  return limit;
}

export async function measureListGrowth(ctx: BenchContext): Promise<ResultRow[]> {
  const { options, dataSet } = ctx;
  const search = `/organisations?q=${dataSet.searchTerm}&limit=50`;
  for (const [name, client] of Object.entries(ctx.direct)) {
    const found = await client.call<Page>(search);
    if (found.items.length !== 1)
      throw new Error(`The search term ${dataSet.searchTerm} finds ${found.items.length} in the ${name} register, not 1`);
  }
  const listFilter = `municipality=${dataSet.listMunicipality}`;
  const listLimit = await fullPageLimit(ctx, listFilter);
  const cases = [
    {
      id: 'lists.list-page',
      title: `list page of ${listLimit} (municipality ${dataSet.listMunicipality}, full at both sizes)`,
      paths: {
        small: [`/organisations?${listFilter}&limit=${listLimit}`],
        large: [`/organisations?${listFilter}&limit=${listLimit}`],
      },
    },
    { id: 'lists.search', title: 'name search (one match)', paths: { small: [search], large: [search] } },
    {
      id: 'lists.change-feed',
      title: 'change feed, second page (updatedSince + cursor)',
      paths: { small: [await secondPagePath(ctx.direct.small)], large: [await secondPagePath(ctx.direct.large)] },
    },
  ];
  const rows: ResultRow[] = [];
  for (const c of cases) {
    const [small, large] = (['small', 'large'] as const).map(
      (size) =>
        new HttpRounds({
          baseUrl: ctx.direct[size].baseUrl,
          paths: c.paths[size],
          headers: () => ctx.direct[size].headers(),
          connections: options.listConnections,
        }),
    );
    await small.warmUp(options.warmupSeconds);
    await large.warmUp(options.warmupSeconds);
    ctx.say(`  ${c.title}: ${options.rounds} rounds of about ${options.roundSeconds} s per size`);
    const rounds = await interleaved<'small' | 'large', HttpRound>(options.rounds, {
      small: () => small.round(options.roundSeconds),
      large: () => large.round(options.roundSeconds),
    });
    const p99 = (side: HttpRound[]) => median(side.map((r) => r.p99Ms));
    const rate = (side: HttpRound[]) => median(side.map((r) => r.requestsPerSecond));
    const r = ratio(p99(rounds.large), p99(rounds.small));
    const { small: nSmall, large: nLarge } = dataSet.sizes;
    rows.push(
      row(options, {
        id: c.id,
        measure: 2,
        title: `${c.title}: ${nLarge} vs ${nSmall} organisations`,
        figures: {
          [`p99 at ${nLarge}`]: { value: p99(rounds.large), unit: 'ms' },
          [`p99 at ${nSmall}`]: { value: p99(rounds.small), unit: 'ms' },
          [`at ${nLarge}`]: { value: rate(rounds.large), unit: 'req/s' },
          [`at ${nSmall}`]: { value: rate(rounds.small), unit: 'req/s' },
        },
        ratio: r,
        checked: r,
        target: TARGET,
        rounds: rounds.small.map((s, i) => ({ small: s, large: rounds.large[i] })),
      }),
    );
  }
  return rows;
}
