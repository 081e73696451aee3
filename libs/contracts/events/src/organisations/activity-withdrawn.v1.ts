import { Type, type Static } from '@sinclair/typebox';
import type { EventContract } from '../envelope';
import { TOPICS } from '../topics';

export const ACTIVITY_WITHDRAWN_V1 = 'organisations.activity.withdrawn.v1';
export const ActivityWithdrawnV1Schema = Type.Object(
  {
    activityId: Type.String({ minLength: 1 }),
    organisationId: Type.String({ minLength: 1 }),
    withdrawnAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: true },
);
export type ActivityWithdrawnV1 = Static<typeof ActivityWithdrawnV1Schema>;

export const activityWithdrawnV1: EventContract<typeof ActivityWithdrawnV1Schema, typeof ACTIVITY_WITHDRAWN_V1> = {
  type: ACTIVITY_WITHDRAWN_V1,
  topic: TOPICS.organisations,
  aggregate: 'activity',
  description: 'A published activity was withdrawn: residents can no longer be pointed to it. Projections drop it.',
  schema: ActivityWithdrawnV1Schema,
  fixture: {
    specversion: '1.0',
    id: '2c3d4e5f-6071-4829-93a4-b5c6d7e8f901',
    type: ACTIVITY_WITHDRAWN_V1,
    source: '/yhteispeli/organisations',
    subject: 'act_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    time: '2026-11-23T13:00:00.000Z',
    datacontenttype: 'application/json',
    actor: 'user:usr_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    correlationid: 'c0ffee00-0000-4000-8000-000000000011',
    aggregateversion: 3,
    data: {
      activityId: 'act_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      organisationId: 'org_01JD6Z7T3K4V5W6X7Y8Z9A0B1C',
      withdrawnAt: '2026-11-23T13:00:00.000Z',
    },
  },
};
