import { ORGANISATION_DELETED_V1, ORGANISATION_UPDATED_V1, organisationRegisteredV1, organisationUpdatedV1 } from '@yp/contracts-events';
import type { Projection, ProjectionChange } from '@yp/shared-persistence';
import { dispatchByType, type MessageContext } from './event-consumer';
import { projectionBatchHandler, projectionHandlers } from './projection-handlers';

const context: MessageContext = { topic: 't', partition: 0, offset: '0', attempt: 1, heartbeat: () => Promise.resolve() };

describe('projectionHandlers', () => {
  it('applies what each typed handler keeps at the event’s subject and version; other types change nothing', async () => {
    const applied: [string, number, unknown][] = [];
    const projection = {
      apply: (id: string, version: number, data: unknown) => {
        applied.push([id, version, data]);
        return Promise.resolve(true);
      },
    } as unknown as Projection<{ names: string[] }>;
    const onEvent = dispatchByType(
      projectionHandlers(projection, {
        [ORGANISATION_UPDATED_V1]: (event) => ({ names: [event.data.name.fi, ...event.data.changedFields] }),
        [ORGANISATION_DELETED_V1]: () => null,
      }),
    );
    await onEvent(organisationUpdatedV1.fixture, context);
    await onEvent(organisationRegisteredV1.fixture, context);
    await onEvent({ ...organisationUpdatedV1.fixture, type: ORGANISATION_DELETED_V1, aggregateversion: 3 }, context);
    expect(applied).toEqual([
      [organisationUpdatedV1.fixture.subject, 2, { names: [organisationUpdatedV1.fixture.data.name.fi, 'municipalities'] }],
      [organisationUpdatedV1.fixture.subject, 3, null],
    ]);
  });
});

describe('projectionBatchHandler', () => {
  it('applies what each typed handler keeps of a batch in one applyMany, at each event’s subject and version; other types are left out', async () => {
    const calls: ProjectionChange<{ names: string[] }>[][] = [];
    const projection = {
      applyMany: (changes: ProjectionChange<{ names: string[] }>[]) => {
        calls.push(changes);
        return Promise.resolve(changes.length);
      },
    } as unknown as Projection<{ names: string[] }>;
    const onEvents = projectionBatchHandler(projection, {
      [ORGANISATION_UPDATED_V1]: (event) => ({ names: [event.data.name.fi, ...event.data.changedFields] }),
      [ORGANISATION_DELETED_V1]: () => null,
    });
    const subject = organisationUpdatedV1.fixture.subject;
    await onEvents(
      [
        organisationUpdatedV1.fixture,
        organisationRegisteredV1.fixture,
        { ...organisationUpdatedV1.fixture, type: ORGANISATION_DELETED_V1, aggregateversion: 3 },
      ],
      context,
    );
    expect(calls).toEqual([
      [
        { id: subject, version: 2, data: { names: [organisationUpdatedV1.fixture.data.name.fi, 'municipalities'] } },
        { id: subject, version: 3, data: null },
      ],
    ]);
  });
});
