import {
  CONTACT_ERASED_V1,
  ORGANISATION_DELETED_V1,
  ORGANISATION_REGISTERED_V1,
  TOPICS,
  organisationRegisteredV1,
  validateEnvelope,
} from '@yp/contracts-events';
import { runWithContext } from '@yp/shared-context';
import { aggregateEvents, keyedRecord } from './aggregate-events';
import { CORRELATION_HEADER, EVENT_TYPE_HEADER } from './event-codec';

const organisationEvent = aggregateEvents({ service: 'organisations', aggregate: 'organisation' });
const snapshot = organisationRegisteredV1.fixture.data;

describe('aggregateEvents (the event-metadata factory of one aggregate)', () => {
  it('takes source, topic and type from the factory and the contract, actor and correlation id from the request', () => {
    const record = runWithContext({ correlationId: 'corr-1', actor: 'user:usr_1' }, () =>
      organisationEvent(ORGANISATION_REGISTERED_V1, 'org_1', 1, snapshot),
    );
    expect(record.topic).toBe(TOPICS.organisations);
    expect(record.key).toBe('org_1');
    expect(record.headers).toEqual({ [CORRELATION_HEADER]: 'corr-1', [EVENT_TYPE_HEADER]: ORGANISATION_REGISTERED_V1 });
    const envelope = validateEnvelope(JSON.parse(record.value ?? 'null'));
    expect(envelope).toMatchObject({
      specversion: '1.0',
      type: ORGANISATION_REGISTERED_V1,
      source: '/yhteispeli/organisations',
      subject: 'org_1',
      actor: 'user:usr_1',
      correlationid: 'corr-1',
      aggregateversion: 1,
      data: snapshot,
    });
  });

  it('names the service as the actor when no caller is known (a sweep), with a fresh correlation id', () => {
    const record = runWithContext({ correlationId: 'corr-2' }, () =>
      organisationEvent(ORGANISATION_DELETED_V1, 'org_2', 7, { organisationId: 'org_2', deletedAt: '2026-11-23T12:00:00.000Z' }),
    );
    expect(JSON.parse(record.value ?? 'null')).toMatchObject({ actor: 'system:organisations', aggregateversion: 7, subject: 'org_2' });
    const outside = organisationEvent(ORGANISATION_DELETED_V1, 'org_2', 8, {
      organisationId: 'org_2',
      deletedAt: '2026-11-23T12:00:00.000Z',
    });
    expect((JSON.parse(outside.value ?? 'null') as { correlationid: string }).correlationid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses another aggregate's event and data that break the contract (nothing bad reaches the outbox)", () => {
    expect(() => organisationEvent(CONTACT_ERASED_V1, 'per_1', 1, { personId: 'per_1', erasedAt: '2026-11-23T12:00:00.000Z' })).toThrow(
      /event of the person aggregate, not of organisation/,
    );
    expect(() => organisationEvent(ORGANISATION_REGISTERED_V1, 'org_3', 1, { ...snapshot, municipalities: ['6150'] })).toThrow(
      /municipalities/,
    );
  });

  it('keyedRecord: a compacted-topic record with the correlation id, and null as the tombstone', () => {
    const record = runWithContext({ correlationId: 'corr-3' }, () => keyedRecord(TOPICS.organisationContacts, 'per_1', { a: 1 }));
    expect(record).toEqual({
      topic: TOPICS.organisationContacts,
      key: 'per_1',
      value: '{"a":1}',
      headers: { [CORRELATION_HEADER]: 'corr-3' },
    });
    expect(keyedRecord(TOPICS.organisationContacts, 'per_1', null).value).toBeNull();
  });
});
