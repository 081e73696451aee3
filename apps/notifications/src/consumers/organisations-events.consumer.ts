import { Injectable } from '@nestjs/common';
import {
  CONSUMER_GROUPS,
  CONTACT_ERASED_V1,
  LIAISON_OFFICER_ASSIGNED_V1,
  LIAISON_OFFICER_REMOVED_V1,
  TOPICS,
  validateContactRecord,
} from '@yp/contracts-events';
import { dispatchByType, EventConsumers, type EventConsumer } from '@yp/shared-kafka';
import { BulkSummaryTracker } from '@notifications/bulk-summaries/bulk-summary-tracker';
import { ErasePersonHandler } from '@notifications/erasure/erase-person.handler';
import { NotificationPlanner } from '@notifications/planning/notification-planner';
import { RecipientRepository } from '@notifications/recipients/recipient.repository';

const GROUP = CONSUMER_GROUPS.notifications;

/**
 * The organisations topics → email, in consumer group `notifications`: a thin adapter. The
 * EventConsumer validates each message and skips event ids it has processed (the inbox); this
 * keeps the recipients projection and erases people (by event type, typed by the contracts), then
 * lets the planner turn the event into deliveries by the rules (events no rule names plan nothing),
 * then lets the bulk summaries count it (an event of an import: see bulk-summaries/).
 * Webhooks read the same topic in their own group (WebhookEventsConsumer). Started, stopped and
 * reported in readiness by EventConsumers.
 */
@Injectable()
export class OrganisationsEventsConsumer {
  readonly consumer: EventConsumer;

  constructor(
    consumers: EventConsumers,
    recipients: RecipientRepository,
    erasure: ErasePersonHandler,
    planner: NotificationPlanner,
    bulks: BulkSummaryTracker,
  ) {
    const project = dispatchByType({
      [CONTACT_ERASED_V1]: (event) => erasure.execute(event.data.personId, event.data.erasedAt),
      [LIAISON_OFFICER_ASSIGNED_V1]: (event) => recipients.assignLiaisonOfficer(event.subject, event.aggregateversion, event.data),
      [LIAISON_OFFICER_REMOVED_V1]: (event) => recipients.removeLiaisonOfficer(event.subject, event.aggregateversion),
    });
    this.consumer = consumers.add({
      groupId: GROUP.id,
      eventTopics: [TOPICS.organisations],
      recordTopics: [TOPICS.organisationContacts],
      onEvent: async (event, context) => {
        await project(event, context);
        await planner.plan(event);
        // After planning: a bulk's registration counts as in once its items are recorded.
        await bulks.observe(event);
      },
      // A tombstone: the person was erased (the erased event on the other topic may come before or after).
      onRecord: (personId, value) =>
        value === null ? erasure.execute(personId, new Date().toISOString()) : recipients.upsertContact(validateContactRecord(value)),
    });
  }
}
