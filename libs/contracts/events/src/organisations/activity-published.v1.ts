import type { Static } from '@sinclair/typebox';
import type { EventContract } from '../envelope';
import { TOPICS } from '../topics';
import { ActivitySnapshotSchema } from './activity-snapshot';

export const ACTIVITY_PUBLISHED_V1 = 'organisations.activity.published.v1';
export const ActivityPublishedV1Schema = ActivitySnapshotSchema;
export type ActivityPublishedV1 = Static<typeof ActivityPublishedV1Schema>;

export const activityPublishedV1: EventContract<typeof ActivityPublishedV1Schema, typeof ACTIVITY_PUBLISHED_V1> = {
  type: ACTIVITY_PUBLISHED_V1,
  topic: TOPICS.organisations,
  aggregate: 'activity',
  description:
    'An activity (what an organisation offers residents) was published, or a published activity changed: carries its full public state. Keyed by activity id; apply by aggregate version.',
  schema: ActivityPublishedV1Schema,
  fixture: {
    specversion: '1.0',
    id: '1b2c3d4e-5f60-4718-9293-a4b5c6d7e8f9',
    type: ACTIVITY_PUBLISHED_V1,
    source: '/yhteispeli/organisations',
    subject: 'act_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    time: '2026-11-23T12:00:00.000Z',
    datacontenttype: 'application/json',
    actor: 'user:usr_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    correlationid: 'c0ffee00-0000-4000-8000-000000000010',
    aggregateversion: 2,
    data: {
      activityId: 'act_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      organisationId: 'org_01JD6Z7T3K4V5W6X7Y8Z9A0B1C',
      name: { fi: 'Kylätalon kahvila' },
      type: 'meeting-place',
      deliveryModes: ['at-place'],
      themes: ['loneliness'],
      lifeStages: ['older-people'],
      municipalities: ['615'],
      regions: ['17'],
      villages: ['Sarakylä'],
      languages: ['fi'],
      free: true,
    },
  },
};
