import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PeriodicTask } from '@yp/shared-bootstrap';
import type { Loaded } from '@yp/shared-persistence';
import { PersonErasureRepository, type PersonErasureState } from './person-erasure.repository';

const SWEEP_INTERVAL_MS = 30_000;

/**
 * Makes erasure final. Scrubbing a change-log version that the outbox relay has not yet published
 * can race the relay's own update of that document (FerretDB updates are read-then-write), so an
 * erasure is repeated until every version is both scrubbed and published, then marked verified.
 * The erase command waits a moment for that; whatever is left (say, the broker is down) a periodic
 * sweep finishes.
 */
@Injectable()
export class ErasureVerifier implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ErasureVerifier.name);
  private readonly task = new PeriodicTask('Erasure sweep', SWEEP_INTERVAL_MS, () => this.sweep(), this.logger);

  constructor(private readonly persons: PersonErasureRepository) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }

  /** One scrub pass over the erasure's aggregates; true (and recorded) when final. */
  async verifyOnce(erasure: Loaded<PersonErasureState>): Promise<boolean> {
    const { state } = erasure;
    const results = [
      ...(await Promise.all(state.contacts.map((id) => this.persons.contacts.scrub(id, state.erasedAt)))),
      ...(await Promise.all(state.liaisonOfficers.map((id) => this.persons.officers.scrub(id, state.erasedAt)))),
    ];
    if (!results.every((r) => r.clean && r.settled)) return false;
    const verifiedAt = new Date().toISOString();
    await this.persons.erasures.update(state.personId, (current) =>
      current.state.verifiedAt ? null : { state: { ...current.state, verifiedAt }, records: [] },
    );
    return true;
  }

  /** Repeats `verifyOnce` until final or the time is up. */
  async verify(erasure: Loaded<PersonErasureState>, withinMs: number): Promise<boolean> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      if (await this.verifyOnce(erasure)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Every instance finishes what is left (repeating a scrub is harmless, so no lease is needed). */
  private async sweep(): Promise<void> {
    for (const erasure of await this.persons.unverified(50)) await this.verifyOnce(erasure);
  }
}
