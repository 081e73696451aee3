import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PeriodicTask, type Identity } from '@yp/shared-bootstrap';
import { VersionConflictError } from '@yp/shared-persistence';
import { ContactRepository } from '@organisations/contacts/contact.repository';
import { LiaisonOfficerRepository } from '@organisations/liaison-officers/liaison-officer.repository';
import { erasureForbidden, personNotFound } from '@organisations/contacts/contact.errors';
import { contactErased, contactTombstone } from '@organisations/people/person.events';
import { ErasureVerifier } from '@organisations/contacts/erasure/erasure-verifier';
import {
  PersonErasureRepository,
  erasureProgress,
  type ErasurePlan,
  type ErasureProgress,
  type PersonAggregates,
  type PersonErasureState,
} from '@organisations/contacts/erasure/person-erasure.repository';
import { touchOrganisation } from '@organisations/organisations/touch-organisation.follow-up';

/** How long the command waits for the erasure to become final before answering (the sweep finishes later). */
const VERIFY_WITHIN_MS = 3000;

/** Other person ids of the same email erased at once. */
const ERASURES_IN_FLIGHT = 8;

/**
 * A request erases at most this many other person ids itself (one batch: a human with a few
 * records) and answers once they are erased; a larger group is erased in the background, and the
 * request answers at once with the plan's progress, so its cost does not grow with the group.
 */
const ERASED_IN_REQUEST = ERASURES_IN_FLIGHT;

/** A plan whose eraser showed no progress this long is taken over by the sweep (its process stopped). */
const ABANDONED_AFTER_MS = 60_000;
const SWEEP_INTERVAL_MS = 30_000;

/** `erasedBy` of plans recorded before plans named who asked. */
const UNKNOWN_ACTOR = 'system:erasure-sweep';

/**
 * GDPR erasure of one person (contact person, liaison officer or both) from this service:
 * 1. every aggregate holding their data ends with a version without state (no writer can revive it);
 *    that version carries the touch of the organisation it belonged to, which moves right after it;
 * 2. its latest state is deleted and every change-log version scrubbed of personal fields and of
 *    queued contact records (ids, timestamps, areas and ids-only events stay as audit facts);
 * 3. the erasure record is committed with a tombstone for the person on the compacted contacts topic
 *    and `organisations.contact.erased.v1` on the events topic, both through the outbox.
 * Steps are repeatable, so a crash midway is finished by erasing again. Erasing an erased person is
 * a no-op that succeeds (idempotent); a person never known is 404.
 *
 * One human can hold several person ids (a contact person of two organisations, a contact who is
 * also a liaison officer: each record has its own). The erasure request (`execute`) therefore
 * erases every person id that shares an email with the one asked for (`sameEmail`), recording the
 * set first (the plan) so that a repeat after a crash still finds those whose email is already
 * scrubbed. Up to `ERASED_IN_REQUEST` others the request erases them itself; a larger group (say,
 * hundreds of generated records with one address) is erased in the background, batch by batch, its
 * progress recorded in the plan (GET /persons/{id}/erasure), and a sweep on every instance takes
 * over a plan whose eraser stopped. The person id asked for is erased last, so its erasure record
 * means the whole group is erased.
 * Removing one contact person (`erase` from DELETE /contacts/{id}) erases that record only.
 */
@Injectable()
export class ErasePersonHandler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ErasePersonHandler.name);
  private readonly sweepTask = new PeriodicTask('Erasure request sweep', SWEEP_INTERVAL_MS, () => this.takeOverAbandoned(), this.logger);
  /** Background erasures running in this process, by the person id asked for. */
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly persons: PersonErasureRepository,
    private readonly verifier: ErasureVerifier,
    private readonly contactsRepository: ContactRepository,
    private readonly officersRepository: LiaisonOfficerRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.sweepTask.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true; // background erasures stop after their batch; the sweep of another start finishes them
    await this.sweepTask.stop();
    await Promise.all(this.running.values());
  }

  /**
   * The erasure request: this person id and every other person id of the same email. Resolves to
   * the plan's progress: `erased` when the group is erased, `erasing` while it goes on in the background.
   */
  async execute(personId: string, identity: Identity): Promise<ErasureProgress> {
    if (!identity.roles.includes('admin')) throw erasureForbidden();
    const { contacts, liaisonOfficers } = await this.persons.aggregatesOf(personId);
    if (contacts.length === 0 && liaisonOfficers.length === 0 && !(await this.persons.erasures.load(personId)))
      throw personNotFound(personId);
    const plan = await this.persons.plan(personId, await this.persons.sameEmail(personId), identity.actor);
    if (plan.completedAt) return erasureProgress(plan);
    if (plan.personIds.length > 1 + ERASED_IN_REQUEST) {
      this.inBackground(plan, identity.actor);
      return erasureProgress(plan);
    }
    // One budget for the wait for the erasures to be final, however many ids share the email.
    const deadline = Date.now() + VERIFY_WITHIN_MS;
    await this.eraseGroup(plan, identity.actor, () => deadline);
    return erasureProgress({ ...plan, erased: plan.personIds.length, completedAt: new Date() });
  }

  /**
   * Erases a plan's person ids, `ERASURES_IN_FLIGHT` at a time (they hold different records; a shared
   * organisation's touches queue up), each on its own (erasure record, tombstone, event), recording
   * the progress after each batch; the person id asked for last. The change logs are read once for
   * the whole group.
   */
  private async eraseGroup(plan: ErasurePlan, actor: string, deadline: () => number): Promise<void> {
    const personId = plan._id;
    const group = plan.personIds;
    const others = group.filter((id) => id !== personId);
    const found = await this.persons.aggregatesOfEach(group);
    for (let from = 0; from < others.length; from += ERASURES_IN_FLIGHT) {
      if (this.stopping) return;
      const some = others.slice(from, from + ERASURES_IN_FLIGHT);
      const until = deadline();
      await Promise.all(some.map((other) => this.erase(other, actor, group, until, found.get(other))));
      if (from + some.length < others.length) await this.persons.progress(personId, from + some.length);
    }
    await this.erase(personId, actor, group, deadline(), found.get(personId));
    await this.persons.complete(personId, group.length);
  }

  /**
   * Erases a plan's group once the answer is on its way (the next turn of the event loop), once per
   * process; a failure leaves the plan to the sweep.
   */
  private inBackground(plan: ErasurePlan, actor: string): void {
    if (this.stopping || this.running.has(plan._id)) return;
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.eraseGroup(plan, actor, () => Date.now() + VERIFY_WITHIN_MS))
      .catch((error: unknown) =>
        this.logger.error(
          `Erasure of ${plan._id} and ${plan.personIds.length - 1} more stopped (the sweep goes on with it): ${String(error)}`,
        ),
      )
      .finally(() => this.running.delete(plan._id));
    this.running.set(plan._id, run);
  }

  /**
   * The sweep: takes over plans whose eraser stopped (a crash, a shutdown midway), in the background;
   * repeating an erasure is harmless. Resolves to the person ids whose plans it took.
   */
  async takeOverAbandoned(): Promise<string[]> {
    const quietSince = new Date(Date.now() - ABANDONED_AFTER_MS);
    const plans = await this.persons.abandonedPlans(quietSince, 10);
    for (const plan of plans) this.inBackground(plan, plan.by ?? UNKNOWN_ACTOR);
    return plans.map((p) => p._id);
  }

  /**
   * The erasure of one person id, for a caller already authorised (an admin, or removing one contact
   * person). `group`: every person id the same request erases (recorded as `erasedWith`); `found`:
   * this id's aggregates when the caller already read them.
   */
  async erase(
    personId: string,
    actor: string,
    group: readonly string[] = [personId],
    deadline = Date.now() + VERIFY_WITHIN_MS,
    found?: PersonAggregates,
  ): Promise<void> {
    const remainingMs = () => Math.max(0, deadline - Date.now());
    const earlier = await this.persons.erasures.load(personId);
    if (earlier) {
      if (!earlier.state.verifiedAt) await this.verifier.verify(earlier, remainingMs());
      return;
    }
    const { contacts, liaisonOfficers } = found ?? (await this.persons.aggregatesOf(personId));
    if (contacts.length === 0 && liaisonOfficers.length === 0) throw personNotFound(personId);

    // The organisations that held the person change (a contact is gone): each moves with the version
    // that ends the record (a follow-up of that commit), so sync sees them even after a crash.
    const erasedAt = new Date().toISOString();
    for (const id of contacts) {
      const organisationId = (await this.contactsRepository.store.load(id))?.state?.organisationId;
      await this.persons.contacts.terminate(id, organisationId ? [touchOrganisation(organisationId, 'contacts')] : []);
    }
    for (const id of liaisonOfficers) {
      const organisationId = (await this.officersRepository.store.load(id))?.state?.organisationId;
      await this.persons.officers.terminate(id, organisationId ? [touchOrganisation(organisationId, 'liaison-officers')] : []);
    }
    for (const id of contacts) await this.persons.contacts.scrub(id, erasedAt);
    for (const id of liaisonOfficers) await this.persons.officers.scrub(id, erasedAt);

    const erasedWith = group.filter((id) => id !== personId);
    const state: PersonErasureState = {
      personId,
      erasedAt,
      erasedBy: actor,
      contacts,
      liaisonOfficers,
      ...(erasedWith.length > 0 ? { erasedWith } : {}),
    };
    let erasure;
    try {
      erasure = await this.persons.erasures.create(personId, {
        state,
        records: [contactTombstone(personId), contactErased(personId, erasedAt)],
      });
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      // A concurrent erasure of the same person committed first: theirs stands.
      erasure = await this.persons.erasures.load(personId);
    }
    if (erasure && !(await this.verifier.verify(erasure, remainingMs()))) {
      this.logger.warn(`Erasure of ${personId} is not yet final (outbox not yet published); the sweep will finish it`);
    }
  }
}
