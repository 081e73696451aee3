// Measure 5: the event pipeline. N organisation events (valid envelopes, as the outbox relay
// publishes them) on a topic of their own; each round a new consumer group reads them all from the
// beginning, on one of three sides:
// - projection: the kit's EventConsumer applying them to the shared organisation directory
//   projection as working-groups and villages do (EventConsumers.project: validation, a fetched
//   batch at a time, the projection written at aggregate versions, the inbox marked);
// - raw apply: a raw kafkajs consumer that parses each message and writes the same documents with
//   the raw driver, one insertMany per fetched batch: the least work that stores them (every event
//   of the run registers a new organisation, so a plain insert is all it takes; an upsert would be a
//   read and a write per document on FerretDB);
// - raw parse: a raw kafkajs consumer that only parses each message.
// Events/s are counted from the first message to the last, so joining the group is not part of it.
// Target: the projection ≥ 0.8× raw apply (a consumer that writes cannot match one that only parses;
// that ratio is reported too).
import { randomUUID } from 'node:crypto';
import {
  CONSUMER_GROUPS,
  ORGANISATION_REGISTERED_V1,
  TOPICS,
  TOPIC_SPECS,
  organisationRegisteredV1,
  type EventEnvelope,
  type OrganisationRegisteredV1,
} from '@yp/contracts-events';
import { createKafka, encodeEvent, ensureTopics, EventConsumer, prefixed, projectionConsumer, type KafkaOptions } from '@yp/shared-kafka';
import { ORGANISATION_DIRECTORY_HANDLERS, type OrganisationSnapshot } from '@yp/shared-organisation-directory';
import { Inbox, Projection } from '@yp/shared-persistence';
import { mongo } from 'mongoose';
import { interleaved, row, type BenchContext } from '../bench-context';
import type { ResultRow } from '../report';
import { median, ratio } from '../stats';

/** The target of issue 11, judged against the raw consumer that applies the events. */
const TARGET = { op: '>=', value: 0.8, text: '≥ 0.8× raw apply' } as const;
/** The same ratio against a raw consumer that only parses: kept for comparison with the first runs. */
const PARSE_TARGET = { op: '>=', value: 0.8, text: '≥ 0.8× raw kafkajs' } as const;
const ROUND_TIMEOUT_MS = 300_000;

interface PipelineRound {
  readonly eventsPerSecond: number;
  readonly events: number;
  readonly seconds: number;
}

/** Resolves when `done()` holds, checking every few milliseconds (a measurement, not a wait for proof). */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + ROUND_TIMEOUT_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} did not finish within ${ROUND_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Rate from the first message to the last. */
function rate(events: number, firstAt: number, lastAt: number): PipelineRound {
  const seconds = (lastAt - firstAt) / 1000;
  return { eventsPerSecond: (events - 1) / seconds, events, seconds };
}

async function produce(options: KafkaOptions, count: number): Promise<void> {
  const kafka = createKafka(options);
  const spec = TOPIC_SPECS.find((t) => t.name === TOPICS.organisations);
  if (!spec) throw new Error('No topic spec for the organisations topic');
  await ensureTopics(kafka, options, [spec]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const fixture = organisationRegisteredV1.fixture;
    for (let from = 0; from < count; from += 500) {
      const messages = Array.from({ length: Math.min(500, count - from) }, () => {
        const id = `org_${randomUUID().replace(/-/g, '')}`;
        const record = encodeEvent({
          type: ORGANISATION_REGISTERED_V1,
          topic: TOPICS.organisations,
          source: fixture.source,
          subject: id,
          data: { ...fixture.data, organisationId: id },
          actor: fixture.actor,
          correlationId: randomUUID(),
          aggregateVersion: 1,
        });
        return { key: record.key, value: record.value, headers: record.headers };
      });
      await producer.send({ topic: prefixed(options, TOPICS.organisations), acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

export async function measureProjectionPipeline(ctx: BenchContext): Promise<ResultRow[]> {
  const { options, system } = ctx;
  const n = options.events;
  const kafkaOptions: KafkaOptions = {
    brokers: system.infra.kafka.brokers,
    clientId: `yp-bench-${system.runId}`,
    topicPrefix: `${system.topicPrefix}pipeline.`,
  };
  await produce(kafkaOptions, n);
  const client = await mongo.MongoClient.connect(system.infra.mongo.url);
  const db = client.db(system.scratchDatabase('pipeline'));
  const inbox = new Inbox(db);
  let round = 0;

  const projection = async (): Promise<PipelineRound> => {
    round++;
    const directory = new Projection<OrganisationSnapshot>(db, `organisation_directory_${round}`);
    // What EventConsumers.project builds (the directory's group spec, under a group id of this round:
    // each round reads everything), with the first event's time taken.
    const definition = projectionConsumer(
      {
        ...CONSUMER_GROUPS.workingGroupsOrganisationDirectory,
        id: `${CONSUMER_GROUPS.workingGroupsOrganisationDirectory.id}.bench-${round}`,
      },
      directory,
      ORGANISATION_DIRECTORY_HANDLERS,
    );
    const onEvents = definition.onEvents;
    if (!onEvents) throw new Error('A projection consumer applies batches');
    let firstAt: number | undefined;
    const consumer = new EventConsumer(createKafka(kafkaOptions), kafkaOptions, inbox, {
      ...definition,
      onEvents: async (events, context) => {
        firstAt ??= performance.now();
        await onEvents(events, context);
      },
    });
    await consumer.start();
    try {
      await until(() => consumer.processed >= n, 'The projection consumer');
      return rate(n, firstAt ?? Number.NaN, performance.now());
    } finally {
      await consumer.stop();
    }
  };

  /** A raw kafkajs consumer of this round's group; `onBatch` gets the parsed messages of each fetched batch. */
  const rawConsumer = async (name: string, onBatch: (parsed: unknown[]) => Promise<void>): Promise<PipelineRound> => {
    round++;
    const consumer = createKafka(kafkaOptions).consumer({ groupId: prefixed(kafkaOptions, `bench-${name}-${round}`) });
    let seen = 0;
    let firstAt: number | undefined;
    let lastAt = Number.NaN;
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [prefixed(kafkaOptions, TOPICS.organisations)], fromBeginning: true });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          firstAt ??= performance.now();
          await onBatch(batch.messages.map((m) => JSON.parse(m.value?.toString('utf8') ?? 'null') as unknown));
          seen += batch.messages.length;
          if (seen >= n) lastAt = performance.now();
        },
      });
      await until(() => seen >= n, `The raw kafkajs consumer (${name})`);
      return rate(n, firstAt ?? Number.NaN, lastAt);
    } finally {
      await consumer.disconnect();
    }
  };

  const rawParse = () => rawConsumer('raw-parse', () => Promise.resolve());

  // The same documents the directory holds after these events, written with the raw driver.
  const rawApply = () => {
    const collection = db.collection<{ _id: string }>(`raw_directory_${round + 1}`);
    return rawConsumer('raw-apply', async (parsed) => {
      const updatedAt = new Date();
      await collection.insertMany(
        (parsed as EventEnvelope<OrganisationRegisteredV1>[]).map((event) => ({
          _id: event.subject,
          version: event.aggregateversion,
          data: event.data,
          deleted: false,
          updatedAt,
        })),
        { ordered: false },
      );
    });
  };

  try {
    ctx.say(`  ${n} events: ${options.rounds} rounds per side`);
    const rounds = await interleaved<'projection' | 'rawApply' | 'rawParse', PipelineRound>(options.rounds, {
      projection,
      rawApply,
      rawParse,
    });
    const viaProjection = median(rounds.projection.map((r) => r.eventsPerSecond));
    const viaRawApply = median(rounds.rawApply.map((r) => r.eventsPerSecond));
    const viaRawParse = median(rounds.rawParse.map((r) => r.eventsPerSecond));
    const applied = ratio(viaProjection, viaRawApply);
    const parsed = ratio(viaProjection, viaRawParse);
    const perRound = rounds.projection.map((p, i) => ({ projection: p, rawApply: rounds.rawApply[i], rawParse: rounds.rawParse[i] }));
    return [
      row(options, {
        id: 'pipeline.projection',
        measure: 5,
        title: 'events applied: organisation directory projection vs raw kafkajs (parse only)',
        figures: {
          projection: { value: viaProjection, unit: 'events/s' },
          'raw kafkajs': { value: viaRawParse, unit: 'events/s' },
        },
        ratio: parsed,
        checked: parsed,
        target: PARSE_TARGET,
        rounds: perRound,
        note: 'A consumer that writes to the store cannot match one that only parses; the target is judged on raw apply.',
      }),
      row(options, {
        id: 'pipeline.projection-apply',
        measure: 5,
        title: 'events applied: organisation directory projection vs raw kafkajs + driver insertMany per batch',
        figures: {
          projection: { value: viaProjection, unit: 'events/s' },
          'raw apply': { value: viaRawApply, unit: 'events/s' },
        },
        ratio: applied,
        checked: applied,
        target: TARGET,
        rounds: perRound,
      }),
    ];
  } finally {
    await client.close();
  }
}
