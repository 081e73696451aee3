import { Injectable } from '@nestjs/common';
import {
  CONSUMER_GROUPS,
  CONTACT_ERASED_V1,
  LIAISON_OFFICER_ASSIGNED_V1,
  LIAISON_OFFICER_REMOVED_V1,
  TOPICS,
  validateContactRecord,
  type EventEnvelope,
} from '@yp/contracts-events';
import { dispatchByType, EventConsumers, type EventConsumer, type EventHandlers } from '@yp/shared-kafka';
import { BulkSummaryTracker } from '@notifications/bulk-summaries/bulk-summary-tracker';
import { ErasePersonHandler } from '@notifications/erasure/erase-person.handler';
import { NotificationPlanner } from '@notifications/planning/notification-planner';
import { RecipientRepository } from '@notifications/recipients/recipient.repository';

const GROUP = CONSUMER_GROUPS.notifications;

/**
 * The organisations topics → email, in consumer group `notifications`: a thin adapter. The
 * EventConsumer validates each message and hands over a fetched batch of one partition at once
 * (`onEvents`, ADR 013: not looked up in the inbox first, marked in it after; every step here is
 * safe to repeat). In offset order, this keeps the recipients projection and erases people (by
 * event type, typed by the contracts), lets the planner turn the events into deliveries by the rules
 * (events no rule names plan nothing: a batch's deliveries are recorded in two writes, ADR 011),
 * then lets the bulk summaries count them (an event of an import: see bulk-summaries/). The events
 * before an erasure or an appointment are planned before it is applied, those after it after, so
 * each is planned on the recipients as of its place in the partition.
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
    const handlers: EventHandlers = {
      [CONTACT_ERASED_V1]: (event) => erasure.execute(event.data.personId, event.data.erasedAt),
      [LIAISON_OFFICER_ASSIGNED_V1]: (event) => recipients.assignLiaisonOfficer(event.subject, event.aggregateversion, event.data),
      [LIAISON_OFFICER_REMOVED_V1]: (event) => recipients.removeLiaisonOfficer(event.subject, event.aggregateversion),
    };
    const project = dispatchByType(handlers);
    const changesRecipients = (event: EventEnvelope) => event.type in handlers;
    /** Plans the events, then lets the bulks count them: a registration counts as in once its items are recorded. */
    const plan = async (events: readonly EventEnvelope[]) => {
      await planner.planMany(events);
      for (const event of events) await bulks.observe(event);
    };
    this.consumer = consumers.add({
      groupId: GROUP.id,
      eventTopics: [TOPICS.organisations],
      recordTopics: [TOPICS.organisationContacts],
      onEvents: async (events, context) => {
        let pending: EventEnvelope[] = [];
        for (const [index, event] of events.entries()) {
          if (changesRecipients(event)) {
            await plan(pending);
            pending = [];
            await project(event, { ...context, offset: `batch:${index}`, attempt: 1 });
          }
          pending.push(event);
        }
        await plan(pending);
      },
      // A tombstone: the person was erased (the erased event on the other topic may come before or after).
      onRecord: (personId, value) =>
        value === null ? erasure.execute(personId, new Date().toISOString()) : recipients.upsertContact(validateContactRecord(value)),
    });
  }
}
