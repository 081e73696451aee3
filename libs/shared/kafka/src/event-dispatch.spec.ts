import { ORGANISATION_DELETED_V1, organisationRegisteredV1 } from '@yp/contracts-events';
import { dispatchByType, type MessageContext } from './event-consumer';

const context: MessageContext = { topic: 't', partition: 0, offset: '0', attempt: 1, heartbeat: () => Promise.resolve() };

describe('dispatchByType', () => {
  it('calls the handler of the event type with its typed data, and nothing for other types', async () => {
    const seen: string[] = [];
    const onEvent = dispatchByType({
      'organisations.organisation.registered.v1': (event) => {
        seen.push(`registered ${event.data.name.fi} in ${event.data.municipalities.join(',')}`);
        return Promise.resolve();
      },
    });
    await onEvent(organisationRegisteredV1.fixture, context);
    await onEvent({ ...organisationRegisteredV1.fixture, type: ORGANISATION_DELETED_V1 }, context);
    expect(seen).toEqual([
      `registered ${organisationRegisteredV1.fixture.data.name.fi} in ${organisationRegisteredV1.fixture.data.municipalities.join(',')}`,
    ]);
  });
});
