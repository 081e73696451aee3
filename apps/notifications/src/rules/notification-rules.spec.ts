import { activityPublishedV1, liaisonOfficerAssignedV1, organisationRegisteredV1, type EventEnvelope } from '@yp/contracts-events';
import { CATEGORY_DESCRIPTIONS } from '@notifications/vocabulary';
import { categoriesReceivedBy, rulesFor, type NotificationRule } from './notification-rules';

function only(event: EventEnvelope): NotificationRule {
  const rules = rulesFor(event.type);
  expect(rules).toHaveLength(1);
  return rules[0];
}

const recipientsOf = (rule: NotificationRule, event: EventEnvelope) =>
  rule.recipients.kind === 'person' ? [rule.recipients.personId(event)] : rule.recipients.municipalities(event);

describe('notification rules', () => {
  it('read their recipients from the event, typed by its contract', () => {
    const registered = organisationRegisteredV1.fixture;
    expect(only(registered)).toMatchObject({ template: 'organisation-registered', category: 'register' });
    expect(recipientsOf(only(registered), registered)).toEqual(registered.data.municipalities);

    const published = activityPublishedV1.fixture;
    expect(recipientsOf(only(published), published)).toEqual(published.data.municipalities);
    // An activity is announced once, whatever the edits that publish it again.
    expect(only(published).onceFor?.(published)).toBe(`activity:${published.data.activityId}`);

    const assigned = liaisonOfficerAssignedV1.fixture;
    expect(only(assigned)).toMatchObject({ template: 'liaison-officer-welcome', category: 'service' });
    expect(recipientsOf(only(assigned), assigned)).toEqual([assigned.data.personId]);
    expect(only(assigned).onceFor).toBeUndefined();
  });

  it('name no rule for events that mail nobody', () => {
    expect(rulesFor('organisations.contact.erased.v1')).toEqual([]);
    expect(rulesFor('no.such.event.v1')).toEqual([]);
  });

  it('refuse an event of another type (a bug in the caller, not data to guess at)', () => {
    const rule = only(organisationRegisteredV1.fixture);
    expect(() => recipientsOf(rule, liaisonOfficerAssignedV1.fixture)).toThrow(
      'The organisation-registered rule reads organisations.organisation.registered.v1 events, not organisations.liaison-officer.assigned.v1',
    );
  });

  it('tell a liaison officer which choosable categories they receive (not the service messages)', () => {
    expect(categoriesReceivedBy('liaison-officers-of-municipalities')).toEqual([
      { category: 'register', description: CATEGORY_DESCRIPTIONS.register },
    ]);
    expect(categoriesReceivedBy('person')).toEqual([]);
  });
});
