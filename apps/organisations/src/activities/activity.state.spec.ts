import type { Identity } from '@yp/shared-bootstrap';
import { canSeeActivity, isVisible, type ActivityState } from './activity.state';

const NOW = '2026-11-23T12:00:00.000Z';

const activity = (extra: Partial<ActivityState> = {}): ActivityState => ({
  activityId: 'act_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  organisationId: 'org_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  publishingState: 'published',
  name: { fi: 'Kylätalon kahvila' },
  type: 'meeting-place',
  deliveryModes: ['remote'],
  themes: [],
  lifeStages: [],
  municipalities: ['698'],
  regions: ['19'],
  villages: [],
  cost: { free: true },
  languages: ['fi'],
  createdAt: NOW,
  updatedAt: NOW,
  searchText: 'kylatalon kahvila',
  ...extra,
});

const admin: Identity = { actor: 'user:admin', roles: ['admin'], regions: [] };
const coordinatorLA: Identity = { actor: 'user:la', roles: ['coordinator'], regions: ['19'] };
const keyLA: Identity = { actor: 'key:la', roles: ['integration'], regions: ['19'] };

describe('activity visibility', () => {
  it('a published activity inside its window is visible to everyone', () => {
    expect(isVisible(activity(), NOW)).toBe(true);
    for (const who of [admin, coordinatorLA, keyLA]) expect(canSeeActivity(who, activity())).toBe(true);
  });

  it('a draft is seen by admins and people of its regions, never by keys', () => {
    const draft = activity({ publishingState: 'draft' });
    expect(isVisible(draft, NOW)).toBe(false);
    expect([admin, coordinatorLA, keyLA].map((who) => canSeeActivity(who, draft))).toEqual([true, true, false]);
  });

  it.each([
    ['published', activity({ deletedAt: NOW })],
    ['draft', activity({ publishingState: 'draft', deletedAt: NOW })],
    ['withdrawn', activity({ publishingState: 'withdrawn', deletedAt: NOW })],
  ])('a deleted %s one is visible to nobody, admins included', (_state, deleted) => {
    expect(isVisible(deleted, NOW)).toBe(false);
    expect([admin, coordinatorLA, keyLA].map((who) => canSeeActivity(who, deleted))).toEqual([false, false, false]);
  });
});
