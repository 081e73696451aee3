import type { TSchema } from '@sinclair/typebox';
import { EnvelopeSchema, type EventContract } from './envelope';
import { CONTACT_RECORD_V1, CONTACTS_TOPIC, ContactRecordV1Schema, contactRecordV1Fixture } from './organisations/contact-record.v1';
import { EVENT_CONTRACTS } from './registry';
import { CONSUMER_GROUPS, TOPIC_SPECS, deadLetterTopic, type TopicSpec } from './topics';

/**
 * Kafka header names on event records: part of the contract, so defined here; `encodeEvent` in
 * libs/shared/kafka uses them (`CORRELATION_HEADER`, `EVENT_TYPE_HEADER`).
 */
export const EVENT_HEADER_NAMES = Object.freeze({ correlationId: 'correlation-id', eventType: 'event-type' } as const);

/** Headers an `EventConsumer` adds when it dead-letters a message (`DLT_HEADERS` in libs/shared/kafka). */
export const DEAD_LETTER_HEADER_NAMES = Object.freeze({
  reason: 'dlt-reason',
  originalTopic: 'dlt-original-topic',
  originalPartition: 'dlt-original-partition',
  originalOffset: 'dlt-original-offset',
  attempts: 'dlt-attempts',
  group: 'dlt-consumer-group',
} as const);

export interface AsyncApiOptions {
  /** Kafka bootstrap broker as `host:port` (a `kafka://` scheme is dropped). Default `localhost:9092`. */
  readonly serverUrl?: string;
}

type Json = Record<string, unknown>;

const ASYNCAPI_VERSION = '3.0.0';
const KAFKA_BINDING_VERSION = '0.5.0';
const SERVER_ID = 'kafka';
const DEAD_LETTER_CHANNEL_ID = 'deadLetters';
const DEAD_LETTER_MESSAGE = 'dead-letter';
const CONTACT_TOMBSTONE = 'organisations.contact.tombstone';
const CONTACT_PRODUCER = 'organisations';

const INFO_DESCRIPTION = [
  'Domain events and state records that Yhteispeli services exchange over Kafka. Generated from the event',
  'contracts in `libs/contracts/events` (`EVENT_CONTRACTS`, `TOPIC_SPECS`); see docs/event-catalogue.md.',
  '',
  '**Envelope.** Every event is a JSON envelope in the spirit of CloudEvents 1.0: `specversion`, `id`, `type`',
  '(`<service>.<aggregate>.<event>.v<N>`), `source`, `subject` (the aggregate id), `time`, `datacontenttype`,',
  '`actor`, `correlationid`, optional `causationid`, `aggregateversion`, optional `bulkid` (the import or other bulk',
  'change the event is part of) and `data`, which is validated against',
  'the schema registered for `type`. Unknown fields are allowed and ignored by consumers; a breaking change',
  'adds a new `.v<N+1>` type that producers publish alongside the old one while consumers migrate.',
  '',
  '**Ordering.** The record key is the aggregate id (the envelope `subject`), so the events of one aggregate',
  'are ordered within one partition; there is no order across aggregates. Projections apply an event only',
  'when its `aggregateversion` is newer than the version they hold.',
  '',
  '**Delivery is at least once.** Producers publish through a transactional outbox and may publish an event',
  'again, so consumers must deduplicate on the envelope `id` and keep their handlers idempotent.',
  '',
  `**Personal data** travels only on the compacted \`${CONTACTS_TOPIC}\` topic, keyed by person id; a null`,
  'value (tombstone) erases the person, and compaction then removes every earlier record. Events carry ids only.',
  '',
  `**Dead letters.** A consumer group that gives up on a message (after its retries, or at once when the`,
  `message fails validation) copies it with key, value and headers to \`${deadLetterTopic('<group>')}\`, adding`,
  '`dlt-*` headers with the reason and the origin.',
  '',
  `**Kafka headers** on every event: \`${EVENT_HEADER_NAMES.correlationId}\` (the correlation id of the request`,
  `that caused it) and \`${EVENT_HEADER_NAMES.eventType}\` (the envelope \`type\`).`,
].join('\n');

/**
 * The AsyncAPI 3.0 document of the event catalogue, built from the contracts alone: one channel per
 * topic of `TOPIC_SPECS`, one message per `EVENT_CONTRACTS` entry (plus the contact record, its
 * tombstone and dead letters), and the operations of producers and consumer groups. Pure and
 * deterministic: the same contracts give byte-identical JSON.
 */
export function buildAsyncApiDocument(options: AsyncApiOptions = {}): Json {
  const messagesByTopic = new Map<string, Map<string, Json>>(TOPIC_SPECS.map((t) => [t.name, new Map()]));
  const producersByTopic = new Map<string, Set<string>>();
  const addMessage = (topic: string, name: string, message: Json, producer: string): void => {
    const messages = messagesByTopic.get(topic);
    if (!messages) throw new Error(`Message ${name} is on topic ${topic}, which is not in TOPIC_SPECS`);
    if (messages.has(name)) throw new Error(`Message ${name} is registered twice on ${topic}`);
    messages.set(name, message);
    producersByTopic.set(topic, (producersByTopic.get(topic) ?? new Set<string>()).add(producer));
  };

  for (const contract of EVENT_CONTRACTS) addMessage(contract.topic, contract.type, eventMessage(contract), serviceOf(contract.type));
  addMessage(CONTACTS_TOPIC, CONTACT_RECORD_V1, contactRecordMessage(), CONTACT_PRODUCER);
  addMessage(CONTACTS_TOPIC, CONTACT_TOMBSTONE, contactTombstoneMessage(), CONTACT_PRODUCER);

  const componentMessages: Json = {};
  const channels: Json = {};
  for (const spec of TOPIC_SPECS) {
    const messages = messagesByTopic.get(spec.name) ?? new Map<string, Json>();
    for (const [name, message] of messages) componentMessages[name] = message;
    channels[channelId(spec.name)] = topicChannel(spec, [...messages.keys()], producersByTopic.get(spec.name));
  }
  componentMessages[DEAD_LETTER_MESSAGE] = deadLetterMessage();
  channels[DEAD_LETTER_CHANNEL_ID] = deadLetterChannel();

  return {
    asyncapi: ASYNCAPI_VERSION,
    info: { title: 'Yhteispeli domain events', version: '1', description: INFO_DESCRIPTION },
    defaultContentType: 'application/json',
    servers: {
      [SERVER_ID]: {
        host: brokerHost(options.serverUrl),
        protocol: 'kafka',
        description: 'Kafka bootstrap broker. Topic names are as shown; test runs prefix them per suite.',
      },
    },
    channels,
    operations: operations(messagesByTopic, producersByTopic),
    components: { messages: componentMessages },
  };
}

function eventMessage(contract: EventContract): Json {
  const fixture = clone(contract.fixture);
  return {
    name: contract.type,
    title: contract.type,
    summary: contract.description,
    description: [
      contract.description,
      '',
      `Aggregate: ${contract.aggregate}. Key and envelope \`subject\`: the ${contract.aggregate} id.`,
    ].join('\n'),
    contentType: 'application/json',
    headers: eventHeaders(contract.type),
    payload: eventPayload(contract),
    correlationId: correlationId(),
    bindings: {
      kafka: {
        key: keySchema(`Id of the ${contract.aggregate} (the aggregate id; equals the envelope subject)`),
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
    examples: [
      {
        name: 'fixture',
        summary: 'The contract fixture, validated by the contract test',
        headers: { [EVENT_HEADER_NAMES.correlationId]: fixture['correlationid'], [EVENT_HEADER_NAMES.eventType]: contract.type },
        payload: fixture,
      },
    ],
  };
}

/** The envelope schema with `type` fixed to the contract's type and `data` replaced by its schema. */
function eventPayload(contract: EventContract): Json {
  const envelope = jsonSchema(EnvelopeSchema);
  delete envelope['$id'];
  const properties = envelope['properties'] as Json;
  return {
    ...envelope,
    title: `${contract.type} envelope`,
    description: `Event envelope whose data is ${contract.type}.`,
    properties: {
      ...properties,
      type: { type: 'string', const: contract.type, description: 'Event type and version' },
      data: { ...jsonSchema(contract.schema), description: contract.description },
    },
  };
}

function eventHeaders(type: string): Json {
  return {
    type: 'object',
    required: [EVENT_HEADER_NAMES.correlationId, EVENT_HEADER_NAMES.eventType],
    properties: {
      [EVENT_HEADER_NAMES.correlationId]: correlationHeader(),
      [EVENT_HEADER_NAMES.eventType]: { type: 'string', const: type, description: 'The envelope type, readable without parsing the value' },
    },
    additionalProperties: { type: 'string' },
  };
}

function correlationHeader(): Json {
  return { type: 'string', minLength: 1, maxLength: 128, description: 'Correlation id of the request that caused the record' };
}

function correlationId(): Json {
  return { description: 'Correlation id of the originating request', location: `$message.header#/${EVENT_HEADER_NAMES.correlationId}` };
}

function keySchema(description: string): Json {
  return { type: 'string', minLength: 1, description };
}

function contactRecordMessage(): Json {
  return {
    name: CONTACT_RECORD_V1,
    title: CONTACT_RECORD_V1,
    summary: 'Contact data of a person; the latest record per person id is the truth.',
    description: [
      'Not an event: the value of the latest record per person on the compacted contacts topic, keyed by person id.',
      `Written together with the event that references the person (e.g. \`organisations.liaison-officer.assigned.v1\`).`,
      `Erasure writes a tombstone (\`${CONTACT_TOMBSTONE}\`).`,
    ].join('\n'),
    contentType: 'application/json',
    headers: contactHeaders(),
    payload: { ...jsonSchema(ContactRecordV1Schema), title: CONTACT_RECORD_V1 },
    correlationId: correlationId(),
    bindings: { kafka: { key: keySchema('Person id (equals personId in the value)'), bindingVersion: KAFKA_BINDING_VERSION } },
    examples: [
      {
        name: 'fixture',
        summary: 'The contact record fixture',
        headers: { [EVENT_HEADER_NAMES.correlationId]: 'c0ffee00-0000-4000-8000-000000000003' },
        payload: clone(contactRecordV1Fixture),
      },
    ],
  };
}

function contactTombstoneMessage(): Json {
  return {
    name: CONTACT_TOMBSTONE,
    title: 'Contact tombstone',
    summary: 'A null value: the person with this key was erased.',
    description:
      'A record with a null value (tombstone) on the contacts topic: the person was erased. Consumers delete what they hold for the key; compaction then removes every earlier record, so no copy stays in Kafka. The erasure command that writes it is planned; consumers already handle it.',
    headers: contactHeaders(),
    payload: { type: 'null', description: 'Always null (Kafka tombstone)' },
    bindings: { kafka: { key: keySchema('Person id of the erased person'), bindingVersion: KAFKA_BINDING_VERSION } },
    examples: [{ name: 'tombstone', summary: 'Erasure of the fixture person', payload: null }],
  };
}

function contactHeaders(): Json {
  return {
    type: 'object',
    properties: { [EVENT_HEADER_NAMES.correlationId]: correlationHeader() },
    additionalProperties: { type: 'string' },
  };
}

function deadLetterMessage(): Json {
  const names = DEAD_LETTER_HEADER_NAMES;
  return {
    name: DEAD_LETTER_MESSAGE,
    title: 'Dead letter',
    summary: 'A message a consumer group gave up on, copied with its key, value and headers.',
    description:
      'The original value byte for byte (an event envelope, a contact record, a tombstone or unparseable poison) with the original key and headers, plus the `dlt-*` headers. See docs/operations.md for replaying.',
    headers: {
      type: 'object',
      required: Object.values(names),
      properties: {
        [names.reason]: {
          type: 'string',
          maxLength: 1000,
          description: 'Why the group gave up (the last error; `poison: …` when it failed to parse or validate)',
        },
        [names.originalTopic]: { type: 'string', description: 'Topic the message was consumed from' },
        [names.originalPartition]: { type: 'string', pattern: '^[0-9]+$', description: 'Its partition' },
        [names.originalOffset]: { type: 'string', pattern: '^[0-9]+$', description: 'Its offset' },
        [names.attempts]: { type: 'string', pattern: '^[0-9]+$', description: 'Handler attempts made (0 for poison)' },
        [names.group]: { type: 'string', description: 'The consumer group that gave up' },
      },
      additionalProperties: { type: 'string', description: 'The original headers, e.g. correlation-id and event-type' },
    },
    payload: { description: 'The original value, unchanged; may be null or not JSON at all' },
    bindings: { kafka: { key: { type: 'string', description: 'The original key' }, bindingVersion: KAFKA_BINDING_VERSION } },
  };
}

function topicChannel(spec: TopicSpec, messageNames: readonly string[], producers: ReadonlySet<string> | undefined): Json {
  const description = spec.compacted
    ? `Compacted (cleanup.policy compact): the latest record per key is the truth, and a null value (tombstone) erases the key.${
        spec.name === CONTACTS_TOPIC ? ' The only topic carrying personal data; keyed by person id.' : ''
      }`
    : `Retained (cleanup.policy delete). Keyed by aggregate id, so the events of one aggregate stay in order on one partition.${
        producers ? '' : ' No events are published here yet.'
      }`;
  return {
    address: spec.name,
    title: spec.name,
    description,
    ...(messageNames.length > 0 ? { messages: messageRefs(messageNames) } : {}),
    bindings: {
      kafka: {
        partitions: spec.partitions,
        topicConfiguration: { 'cleanup.policy': [spec.compacted ? 'compact' : 'delete'] },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

function deadLetterChannel(): Json {
  return {
    address: deadLetterTopic('{consumerGroup}'),
    title: deadLetterTopic('<consumer-group>'),
    description: 'One dead-letter topic per consumer group, created by its EventConsumer at start. Read by operators, not by services.',
    parameters: {
      consumerGroup: {
        description: 'Consumer group id (unprefixed)',
        examples: Object.values(CONSUMER_GROUPS).map((g) => g.id),
      },
    },
    messages: messageRefs([DEAD_LETTER_MESSAGE]),
    bindings: {
      kafka: { partitions: 1, topicConfiguration: { 'cleanup.policy': ['delete'] }, bindingVersion: KAFKA_BINDING_VERSION },
    },
  };
}

function messageRefs(names: readonly string[]): Json {
  return Object.fromEntries(names.map((name) => [name, { $ref: `#/components/messages/${name}` }]));
}

function operations(
  messagesByTopic: ReadonlyMap<string, ReadonlyMap<string, Json>>,
  producersByTopic: ReadonlyMap<string, ReadonlySet<string>>,
): Json {
  const result: Json = {};
  for (const spec of TOPIC_SPECS) {
    const id = channelId(spec.name);
    const names = [...(messagesByTopic.get(spec.name)?.keys() ?? [])];
    for (const producer of [...(producersByTopic.get(spec.name) ?? [])].sort()) {
      result[`${producer}.send${pascal(id)}`] = {
        action: 'send',
        title: `${producer} publishes to ${spec.name}`,
        summary: `The ${producer} service publishes through its outbox relay.`,
        channel: { $ref: `#/channels/${id}` },
        messages: names.map((name) => ({ $ref: `#/channels/${id}/messages/${name}` })),
      };
    }
  }
  for (const group of Object.values(CONSUMER_GROUPS)) {
    for (const topic of group.topics) {
      const id = channelId(topic);
      const compacted = TOPIC_SPECS.find((t) => t.name === topic)?.compacted ?? false;
      result[`${group.id}.receive${pascal(id)}`] = {
        action: 'receive',
        title: `Consumer group ${group.id} reads ${topic}`,
        summary: compacted
          ? 'Keeps the latest record per key (a tombstone deletes the key) and dead-letters what it gives up on.'
          : 'Validates each event, skips event ids it has processed and event types it does not know, and dead-letters what it gives up on.',
        channel: { $ref: `#/channels/${id}` },
        bindings: { kafka: { groupId: { type: 'string', const: group.id }, bindingVersion: KAFKA_BINDING_VERSION } },
      };
    }
  }
  result['consumers.sendDeadLetters'] = {
    action: 'send',
    title: `Consumer groups dead-letter to ${deadLetterTopic('<consumer-group>')}`,
    summary: 'Each consumer group writes the messages it gives up on to its own dead-letter topic.',
    channel: { $ref: `#/channels/${DEAD_LETTER_CHANNEL_ID}` },
    messages: [{ $ref: `#/channels/${DEAD_LETTER_CHANNEL_ID}/messages/${DEAD_LETTER_MESSAGE}` }],
  };
  return result;
}

/** `yp.organisations.events` → `organisationsEvents`. */
function channelId(topic: string): string {
  const [first = '', ...rest] = topic.replace(/^yp\./, '').split(/[.-]/);
  return first + rest.map((part) => pascal(part)).join('');
}

function pascal(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** `organisations.organisation.registered.v1` → `organisations`. */
function serviceOf(type: string): string {
  return type.split('.')[0] ?? type;
}

function brokerHost(serverUrl: string | undefined): string {
  const url = serverUrl?.trim() || 'localhost:9092';
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
}

/** TypeBox schemas are JSON Schema plus symbol keys; a JSON round trip drops the symbols. */
function jsonSchema(schema: TSchema): Json {
  return clone(schema);
}

function clone<T>(value: T): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}
