// Measure 5: the event pipeline. N organisation events (valid envelopes, as the outbox relay
// publishes them) on a topic of their own; each round a new consumer group reads them all from the
// beginning: the kit's EventConsumer applying them to the shared organisation directory projection
// (as working-groups and villages do: validation, inbox check, projection write, inbox mark), or a
// raw kafkajs consumer that only parses each message. Events/s are counted from the first message
// to the last, so joining the group is not part of it. Target: the projection ≥ 0.8× raw kafkajs.
import { randomUUID } from 'node:crypto';
import { CONSUMER_GROUPS, ORGANISATION_REGISTERED_V1, TOPICS, TOPIC_SPECS, organisationRegisteredV1 } from '@yp/contracts-events';
import {
  createKafka,
  dispatchByType,
  encodeEvent,
  ensureTopics,
  EventConsumer,
  prefixed,
  projectionHandlers,
  type KafkaOptions,
} from '@yp/shared-kafka';
import { ORGANISATION_DIRECTORY_HANDLERS, type OrganisationSnapshot } from '@yp/shared-organisation-directory';
import { Inbox, Projection } from '@yp/shared-persistence';
import { mongo } from 'mongoose';
import { interleaved, row, type BenchContext } from '../bench-context';
import type { ResultRow } from '../report';
import { median, ratio } from '../stats';

const TARGET = { op: '>=', value: 0.8, text: '≥ 0.8× raw kafkajs' } as const;
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
  const db = client.db(`${system.databasePrefix}pipeline`);
  const inbox = new Inbox(db);
  let round = 0;

  const projection = async (): Promise<PipelineRound> => {
    round++;
    const directory = new Projection<OrganisationSnapshot>(db, `organisation_directory_${round}`);
    const handle = dispatchByType(projectionHandlers(directory, ORGANISATION_DIRECTORY_HANDLERS));
    let firstAt: number | undefined;
    const consumer = new EventConsumer(createKafka(kafkaOptions), kafkaOptions, inbox, {
      // The directory's own group spec, under a group id of this round (each round reads everything).
      groupId: `${CONSUMER_GROUPS.workingGroupsOrganisationDirectory.id}.bench-${round}`,
      eventTopics: CONSUMER_GROUPS.workingGroupsOrganisationDirectory.topics,
      onEvent: async (event, context) => {
        firstAt ??= performance.now();
        await handle(event, context);
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

  const raw = async (): Promise<PipelineRound> => {
    round++;
    const consumer = createKafka(kafkaOptions).consumer({ groupId: prefixed(kafkaOptions, `bench-raw-${round}`) });
    let seen = 0;
    let firstAt: number | undefined;
    let lastAt = Number.NaN;
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [prefixed(kafkaOptions, TOPICS.organisations)], fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          firstAt ??= performance.now();
          JSON.parse(message.value?.toString('utf8') ?? 'null');
          if (++seen === n) lastAt = performance.now();
          return Promise.resolve();
        },
      });
      await until(() => seen >= n, 'The raw kafkajs consumer');
      return rate(n, firstAt ?? Number.NaN, lastAt);
    } finally {
      await consumer.disconnect();
    }
  };

  try {
    ctx.say(`  ${n} events: ${options.rounds} rounds per side`);
    const rounds = await interleaved<'projection' | 'raw', PipelineRound>(options.rounds, { projection, raw });
    const viaProjection = median(rounds.projection.map((r) => r.eventsPerSecond));
    const viaRaw = median(rounds.raw.map((r) => r.eventsPerSecond));
    const r = ratio(viaProjection, viaRaw);
    return [
      row(options, {
        id: 'pipeline.projection',
        measure: 5,
        title: 'events applied: organisation directory projection vs raw kafkajs',
        figures: {
          projection: { value: viaProjection, unit: 'events/s' },
          'raw kafkajs': { value: viaRaw, unit: 'events/s' },
        },
        ratio: r,
        checked: r,
        target: TARGET,
        rounds: rounds.projection.map((p, i) => ({ projection: p, raw: rounds.raw[i] })),
      }),
    ];
  } finally {
    await client.close();
  }
}
