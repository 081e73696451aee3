import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { organisationRegisteredV1, organisationUpdatedV1, type EventEnvelope } from '@yp/contracts-events';
import { decodeBatch } from './event-consumer';

let offset = 0;
const message = (value: string | null): KafkaMessage => ({
  key: null,
  value: value === null ? null : Buffer.from(value),
  timestamp: '0',
  attributes: 0,
  offset: String(offset++),
  headers: {},
});
const asMessage = (event: EventEnvelope) => message(JSON.stringify(event));

describe('decodeBatch', () => {
  it('keeps the valid events in offset order, each event id once (its first message)', () => {
    const a = { ...organisationRegisteredV1.fixture, id: randomUUID() };
    const b = { ...organisationUpdatedV1.fixture, id: randomUUID() };
    const batch = decodeBatch([asMessage(a), asMessage(b), asMessage(a), asMessage({ ...a, aggregateversion: 7 })]);
    expect(batch.events).toEqual([a, b]);
    expect(batch.duplicates).toBe(2);
    expect(batch.poison).toEqual([]);
  });

  it('sets poison apart for the dead-letter topic and counts unknown types, without dropping the rest', () => {
    const good = { ...organisationRegisteredV1.fixture, id: randomUUID() };
    const notJson = message('{"specversion":"1.0", not json');
    const breaksContract = asMessage({ ...good, id: randomUUID(), data: { ...(good.data as object), municipalities: ['6150'] } });
    const empty = message(null);
    const batch = decodeBatch([
      notJson,
      asMessage({ ...good, id: randomUUID(), type: 'organisations.organisation.exploded.v1' }),
      breaksContract,
      empty,
      asMessage(good),
    ]);
    expect(batch.events).toEqual([good]);
    expect(batch.poison.map((p) => p.message)).toEqual([notJson, breaksContract, empty]);
    expect(batch.poison.map((p) => (p.error as Error).name)).toEqual(['SyntaxError', 'ContractViolationError', 'SyntaxError']);
    expect(batch.unknown).toBe(1);
    expect(batch.duplicates).toBe(0);
  });
});
