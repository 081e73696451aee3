import { Injectable, Logger } from '@nestjs/common';
import type { Identity } from '@yp/shared-bootstrap';
import { VersionConflictError } from '@yp/shared-persistence';
import { ContactRepository } from '@organisations/contacts/contact.repository';
import { LiaisonOfficerRepository } from '@organisations/liaison-officers/liaison-officer.repository';
import { erasureForbidden, personNotFound } from '@organisations/contacts/contact.errors';
import { contactErased, contactTombstone } from '@organisations/people/person.events';
import { ErasureVerifier } from '@organisations/contacts/erasure/erasure-verifier';
import {
  PersonErasureRepository,
  type PersonAggregates,
  type PersonErasureState,
} from '@organisations/contacts/erasure/person-erasure.repository';
import { touchOrganisation } from '@organisations/organisations/touch-organisation.follow-up';

/** How long the command waits for the erasure to become final before answering (the sweep finishes later). */
const VERIFY_WITHIN_MS = 3000;

/** Other person ids of the same email erased at once by one request. */
const ERASURES_IN_FLIGHT = 8;

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
 * set first so that a repeat after a crash still finds those whose email is already scrubbed.
 * Removing one contact person (`erase` from DELETE /contacts/{id}) erases that record only.
 */
@Injectable()
export class ErasePersonHandler {
  private readonly logger = new Logger(ErasePersonHandler.name);

  constructor(
    private readonly persons: PersonErasureRepository,
    private readonly verifier: ErasureVerifier,
    private readonly contactsRepository: ContactRepository,
    private readonly officersRepository: LiaisonOfficerRepository,
  ) {}

  /** The erasure request: this person id and every other person id of the same email. */
  async execute(personId: string, identity: Identity): Promise<void> {
    if (!identity.roles.includes('admin')) throw erasureForbidden();
    const { contacts, liaisonOfficers } = await this.persons.aggregatesOf(personId);
    if (contacts.length === 0 && liaisonOfficers.length === 0 && !(await this.persons.erasures.load(personId)))
      throw personNotFound(personId);
    const group = await this.persons.plan(personId, await this.persons.sameEmail(personId));
    const others = group.filter((id) => id !== personId);
    // Each on its own (erasure record, tombstone, event); a repeated request reads the same plan. The
    // change logs are read once for the whole group, and the wait for the erasures to be final is one
    // budget for the whole request, however many ids share the email.
    const found = await this.persons.aggregatesOfEach(group);
    const deadline = Date.now() + VERIFY_WITHIN_MS;
    // Several at a time: they hold different records (a shared organisation's touches queue up).
    for (let from = 0; from < others.length; from += ERASURES_IN_FLIGHT) {
      const some = others.slice(from, from + ERASURES_IN_FLIGHT);
      await Promise.all(some.map((other) => this.erase(other, identity.actor, group, deadline, found.get(other))));
    }
    await this.erase(personId, identity.actor, group, deadline, found.get(personId));
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
