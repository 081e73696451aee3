#!/usr/bin/env node
// Which reads stay flat as the register grows, measured side by side in one run.
//
// Fills two scratch collections shaped like the organisations state (1 000 and 20 000 documents)
// on the running FerretDB, then times, on each, point lookups by `_id` (how reads by id, ETag checks
// and writes find a record) and the queries behind the list endpoints (a region filter, the
// `updatedSince` change feed, a name search). Prints medians, the large/small ratio (about 1 = flat,
// about 20 = grows with the register) and the query plan FerretDB reports for each query.
//
//   npm run infra -- start          # or have `npm start` running
//   node tools/bench/store-lookups.mjs [mongodb-url]
//
// The scratch database is dropped at the end.
import { MongoClient } from 'mongodb';

const url = process.argv[2] ?? process.env.MONGODB_URL ?? `mongodb://127.0.0.1:${process.env.YP_FERRETDB_PORT ?? 27017}/`;
const SIZES = [1_000, 20_000];
const ROUNDS = { lookup: 300, list: 15 };
const REGIONS = ['17', '19'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

function organisation(i) {
  const id = `01J${String(i).padStart(10, '0')}`;
  return {
    _id: id,
    version: 1,
    state: {
      id,
      name: { fi: `Yhdistys ${i} ry` },
      searchText: `yhdistys ${i} ry`,
      regions: [REGIONS[i % 2]],
      municipalities: [i % 2 === 0 ? '615' : '320'],
      updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    },
  };
}

async function fill(collection, n) {
  for (let from = 0; from < n; from += 1000) {
    await collection.insertMany(Array.from({ length: Math.min(1000, n - from) }, (_, k) => organisation(from + k)));
  }
}

async function time(fn, rounds) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    await fn(r);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(samples);
}

/** SQLite reports plan lines (`SCAN t`, `SEARCH t USING INDEX i`); PostgreSQL a tree of nodes. */
function plan(explained) {
  const p = explained.queryPlanner?.Plan;
  if (Array.isArray(p)) return p.map((line) => String(line).replace(/^.*detail=/, '')).join('; ');
  const nodes = [];
  const walk = (node) => {
    if (!node || typeof node !== 'object') return;
    if (node['Node Type']) nodes.push(`${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(p);
  return nodes.join(' > ') || JSON.stringify(explained.queryPlanner);
}

const client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 5000 });
const db = client.db(`yp_bench_${Date.now().toString(36)}`);
try {
  const queries = {
    'by _id (reads by id, ETag checks, writes)': {
      rounds: ROUNDS.lookup,
      run: (c, n, r) => c.findOne({ _id: organisation((r * 7919) % n)._id }),
      explain: (c) => c.find({ _id: organisation(1)._id }).explain(),
    },
    'list ?region=19, first page of 50': {
      rounds: ROUNDS.list,
      run: (c) => c.find({ 'state.regions': '19' }).sort({ _id: 1 }).limit(50).toArray(),
      explain: (c) => c.find({ 'state.regions': '19' }).sort({ _id: 1 }).limit(50).explain(),
    },
    'change feed ?updatedSince=, page of 50': {
      rounds: ROUNDS.list,
      run: (c) =>
        c
          .find({ 'state.updatedAt': { $gt: '2026-01-01T00:00:00.000Z' } })
          .sort({ 'state.updatedAt': 1, _id: 1 })
          .limit(50)
          .toArray(),
      explain: (c) =>
        c
          .find({ 'state.updatedAt': { $gt: '2026-01-01T00:00:00.000Z' } })
          .sort({ 'state.updatedAt': 1, _id: 1 })
          .limit(50)
          .explain(),
    },
    'name search ?q=yhdistys 77': {
      rounds: ROUNDS.list,
      run: (c) =>
        c
          .find({ 'state.searchText': { $regex: 'yhdistys 77' } })
          .limit(50)
          .toArray(),
      explain: (c) =>
        c
          .find({ 'state.searchText': { $regex: 'yhdistys 77' } })
          .limit(50)
          .explain(),
    },
  };

  const collections = {};
  for (const n of SIZES) {
    const c = db.collection(`organisations_${n}`);
    await c.createIndex({ 'state.regions': 1 });
    await c.createIndex({ 'state.updatedAt': 1, _id: 1 });
    const t0 = Date.now();
    await fill(c, n);
    console.log(`filled ${n} documents in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    collections[n] = c;
  }

  console.log(`\nmedian ms per query (${url}):\n`);
  console.log(['query', ...SIZES.map((n) => `${n} docs`), 'ratio', 'plan'].join(' | '));
  for (const [name, q] of Object.entries(queries)) {
    const medians = [];
    // Interleave sizes so machine noise hits both alike.
    const samples = Object.fromEntries(SIZES.map((n) => [n, []]));
    for (let round = 0; round < 3; round++) {
      for (const n of SIZES) samples[n].push(await time((r) => q.run(collections[n], n, r), Math.ceil(q.rounds / 3)));
    }
    for (const n of SIZES) medians.push(median(samples[n]));
    const ratio = medians[medians.length - 1] / medians[0];
    const explained = plan(await q.explain(collections[SIZES[SIZES.length - 1]]));
    console.log([name, ...medians.map((m) => m.toFixed(2)), `${ratio.toFixed(1)}x`, explained].join(' | '));
  }
} finally {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
}
