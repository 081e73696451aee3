// The benchmark's data set, loaded through the fastest honest path: a few organisations, each with
// a published activity, are created through the public API (one per municipality, so every
// document is what the real write path stores), and then copied with the database driver under new
// ids and names into the register sizes measured. The copies' change documents are marked published
// as their originals are, so the copies are not announced on Kafka; the services read them from
// their store like any other (they are started, or restarted, after the load).
import { randomUUID } from 'node:crypto';
import { MUNICIPALITIES, type Municipality } from '@yp/contracts-reference';
import { mongo } from 'mongoose';
import type { GatewayClient } from './clients';
import type { Mailbox } from './mailbox';

type Doc = Record<string, unknown>;

/** Written into every template's names; each copy gets its own code in its place (searchable). */
const TEMPLATE_CODE = 'xqzjv';
/**
 * Bookkeeping, not data: never copied. Pending work (`*_pending`: outbox markers, follow-ups) must
 * be done before the templates are read; leases, sweeps, backfill records and the inbox belong to
 * the service, not to a record. Every other collection (state, change logs, and whatever read model
 * the write path keeps) is copied wherever it mentions a template.
 */
const PENDING = /_pending$/;
const NOT_COPIED = /^(inbox|leases|sweeps|outbox_backfills)$|_pending$/;
const BATCH = 1000;

/** The municipalities used: `count` of them, taken from the two regions in turn (all 51 by default). */
export function benchMunicipalities(count: number): Municipality[] {
  const north = MUNICIPALITIES.filter((m) => m.region === '17');
  const lapland = MUNICIPALITIES.filter((m) => m.region === '19');
  const inTurn: Municipality[] = [];
  for (let i = 0; i < Math.max(north.length, lapland.length); i++) inTurn.push(...[north[i], lapland[i]].filter((m) => m !== undefined));
  return inTurn.slice(0, count);
}

/** The code that copy `index` carries in its names: `zq` and four letters (searchable, unique per register, in no word). */
export function copyCode(index: number): string {
  let code = '';
  for (let n = index, i = 0; i < 4; i++, n = Math.floor(n / 26)) code = String.fromCharCode(97 + (n % 26)) + code;
  return `zq${code}`;
}

const newId = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '')}`;

/** A copy of `value` with every string holding a key of `replacements` rewritten (dates and other objects kept). */
function rewrite<T>(value: T, replacements: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') {
    let out: string = value;
    for (const [from, to] of replacements) if (out.includes(from)) out = out.split(from).join(to);
    return out as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => rewrite(v, replacements)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, replacements)])) as T;
  return value;
}

/** Records made through the public API (their ids, the organisation's first) and every document the write path stored for them. */
export interface Template {
  readonly ids: readonly string[];
  /** Documents by collection. */
  readonly documents: Map<string, Doc[]>;
}

export interface MadeTemplate {
  readonly municipality: Municipality;
  readonly organisationId: string;
  readonly activityId: string;
}

/** Creates one organisation with a published activity in each municipality, through the gateway. */
export async function createTemplates(gateway: GatewayClient, municipalities: readonly Municipality[]): Promise<MadeTemplate[]> {
  const templates: MadeTemplate[] = [];
  const make = async (municipality: Municipality) => {
    const organisation = await gateway.call<{ id: string }>(
      'POST',
      '/organisations',
      {
        kind: 'association',
        name: { fi: `Vertailuyhdistys ${municipality.name} ${TEMPLATE_CODE}` },
        municipalities: [municipality.code],
        themes: ['inclusion'],
        lifeStages: ['older-people'],
      },
      201,
    );
    const activity = await gateway.call<{ id: string }>(
      'POST',
      '/activities',
      {
        organisationId: organisation.id,
        name: { fi: `Kylätalon kahvila ${TEMPLATE_CODE}` },
        type: 'meeting-place',
        deliveryModes: ['at-place'],
        location: { street: 'Kylätalo', postOffice: municipality.name },
        lifeStages: ['older-people'],
        municipalities: [municipality.code],
      },
      201,
    );
    await gateway.call('POST', `/activities/${activity.id}/publish`, undefined, 200);
    templates.push({ municipality, organisationId: organisation.id, activityId: activity.id });
  };
  // Four at a time, in the order given (the first is the list measure's municipality).
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < municipalities.length) await make(municipalities[next++]);
    }),
  );
  return municipalities.map((m) => templates.find((t) => t.municipality === m) as MadeTemplate);
}

export interface LoadResult {
  readonly documents: number;
  readonly seconds: number;
}

/**
 * Copies of stored records under new ids: copy `i` is made from template `i mod templates`, with
 * each template id replaced by a new one of the same kind and the template code in names by
 * copyCode(i).
 */
export class TemplateCopier {
  private constructor(private readonly templates: readonly Template[]) {}

  /**
   * Reads every document that mentions the given records (each a list of ids, the organisation's
   * first), once the service's pending work on them is done.
   */
  static async read(db: mongo.Db, records: readonly (readonly string[])[], timeoutMs = 60_000): Promise<TemplateCopier> {
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const until = Date.now() + timeoutMs;
    for (const name of names.filter((n) => PENDING.test(n))) {
      while ((await db.collection(name).countDocuments({})) > 0) {
        if (Date.now() > until) throw new Error(`The templates' pending work (${name}) was not done within ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const templates: Template[] = records.map((ids) => ({ ids, documents: new Map<string, Doc[]>() }));
    for (const name of names.filter((n) => !NOT_COPIED.test(n))) {
      for (const doc of await db.collection<Doc>(name).find({}).toArray()) {
        const text = JSON.stringify(doc);
        const owner = templates.find((t) => t.ids.some((id) => text.includes(id)));
        if (owner) owner.documents.set(name, [...(owner.documents.get(name) ?? []), doc]);
      }
    }
    for (const t of templates) if (!t.documents.has('organisations')) throw new Error(`No stored state for ${t.ids[0]}`);
    return new TemplateCopier(templates);
  }

  /** The collections a record's documents are in, with how many in each (for the report). */
  get shape(): Record<string, number> {
    const shape: Record<string, number> = {};
    for (const [name, docs] of this.templates[0]?.documents ?? []) shape[name] = docs.length;
    return shape;
  }

  /** The documents of copy `index`, by collection, in the order they were read. */
  copyOf(index: number): [string, Doc[]][] {
    const template = this.templates[index % this.templates.length];
    const replacements = new Map<string, string>(template.ids.map((id) => [id, newId(id.slice(0, id.indexOf('_')))]));
    replacements.set(TEMPLATE_CODE, copyCode(index));
    return [...template.documents].map(([name, docs]) => [name, docs.map((doc) => rewrite(doc, replacements))]);
  }

  /** Inserts copies 0..count-1 into `db`, a thousand documents per insert. */
  async copy(db: mongo.Db, count: number): Promise<LoadResult> {
    const t0 = Date.now();
    let inserted = 0;
    const pending = new Map<string, Doc[]>();
    const flush = async (name: string, docs: Doc[]) => {
      inserted += (await db.collection<Doc>(name).insertMany(docs, { ordered: false })).insertedCount;
    };
    for (let i = 0; i < count; i++) {
      for (const [name, docs] of this.copyOf(i)) {
        const batch = pending.get(name) ?? [];
        batch.push(...docs);
        pending.set(name, batch);
        if (batch.length >= BATCH) {
          pending.delete(name);
          await flush(name, batch);
        }
      }
    }
    for (const [name, docs] of pending) await flush(name, docs);
    return { documents: inserted, seconds: (Date.now() - t0) / 1000 };
  }
}

/**
 * Appoints a liaison officer in every municipality given, and `extraInEmailMunicipality` more in
 * that one, through the gateway; waits until each has received the welcome email (then the
 * notifications service knows them all and its queue is empty again) and deletes those emails.
 * Returns the addresses of the officers of `emailMunicipality`.
 */
export async function appointOfficers(
  gateway: GatewayClient,
  mailbox: Mailbox,
  options: {
    runId: string;
    municipalities: readonly Municipality[];
    emailMunicipality: string;
    extraInEmailMunicipality: number;
    waitSeconds: number;
  },
): Promise<string[]> {
  const addresses: { address: string; municipality: string }[] = [];
  for (const m of options.municipalities) {
    const count = 1 + (m.code === options.emailMunicipality ? options.extraInEmailMunicipality : 0);
    for (let k = 0; k < count; k++)
      addresses.push({ address: `lo.${options.runId}.${m.code}.${k}@bench.example.fi`, municipality: m.code });
  }
  for (const { address, municipality } of addresses) {
    await gateway.call(
      'POST',
      '/liaison-officers',
      { name: `Yhdyshenkilö ${municipality} ${address.split('.')[3]}`, email: address, language: 'fi', municipalities: [municipality] },
      201,
    );
  }
  const waiting = new Set(addresses.map((a) => a.address));
  const welcomes: string[] = [];
  const deadline = Date.now() + options.waitSeconds * 1000;
  while (waiting.size > 0) {
    for (const address of [...waiting]) {
      const received = await mailbox.to(address);
      if (received.length === 0) continue;
      welcomes.push(...received.map((e) => e.id));
      waiting.delete(address);
    }
    if (waiting.size === 0) break;
    if (Date.now() > deadline) throw new Error(`${waiting.size} liaison officers had no welcome email after ${options.waitSeconds} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  await mailbox.delete(welcomes);
  return addresses.filter((a) => a.municipality === options.emailMunicipality).map((a) => a.address);
}
