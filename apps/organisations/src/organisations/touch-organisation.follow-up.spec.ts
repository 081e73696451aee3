import { isTouchOrganisation, TOUCH_ORGANISATION, touchOrganisation, touchOrganisations } from './touch-organisation.follow-up';

const A = 'org_0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const B = 'org_1a1b2c3d4e5f60718293a4b5c6d7e8f9';

describe('the organisation-touch follow-up', () => {
  it('names the organisation, what changed and, for an activity, which one', () => {
    expect(touchOrganisation(A, 'contacts')).toEqual({ kind: TOUCH_ORGANISATION, organisationId: A, what: 'contacts' });
    expect(touchOrganisation(A, 'activities', 'act_1')).toEqual({
      kind: TOUCH_ORGANISATION,
      organisationId: A,
      what: 'activities',
      activityId: 'act_1',
    });
  });

  it('moves each organisation once, in order (a contact moved within one organisation, partners listed twice)', () => {
    expect(touchOrganisations([A, A], 'contacts').map((t) => t.organisationId)).toEqual([A]);
    expect(touchOrganisations([B, A, B], 'partnerships').map((t) => t.organisationId)).toEqual([B, A]);
    expect(touchOrganisations([], 'partnerships')).toEqual([]);
  });

  it('reads back only a well-formed instruction from a change document', () => {
    expect(isTouchOrganisation(touchOrganisation(A, 'liaison-officers'))).toBe(true);
    expect(isTouchOrganisation(touchOrganisation(A, 'activities', 'act_1'))).toBe(true);
    expect(isTouchOrganisation({ kind: 'other', organisationId: A, what: 'contacts' })).toBe(false);
    expect(isTouchOrganisation({ kind: TOUCH_ORGANISATION, organisationId: 7, what: 'contacts' })).toBe(false);
    expect(isTouchOrganisation({ kind: TOUCH_ORGANISATION, organisationId: A, what: 'members' })).toBe(false);
    expect(isTouchOrganisation({ kind: TOUCH_ORGANISATION, organisationId: A, what: 'activities', activityId: 1 })).toBe(false);
  });
});
