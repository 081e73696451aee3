import { Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';

/**
 * A readiness check: resolves to a short status, throws (or returns false) when not ready. It must
 * be cheap and bounded: a ping or a flag or a counter kept in memory, never a query whose cost
 * grows with the data (readiness is polled, and a busy database must not make a service unready).
 */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<boolean | string>;
}

/**
 * The checks of this service. Parts that need one register it themselves (the database ping with
 * `HealthModule.forRoot({ database: true })`, each event consumer, the outbox relay), so that an
 * app module lists no checks by hand. Names are unique.
 */
@Injectable()
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  add(check: ReadinessCheck): void {
    if (this.checks.has(check.name)) throw new Error(`Readiness check "${check.name}" is registered twice`);
    this.checks.set(check.name, check);
  }

  list(): ReadinessCheck[] {
    return [...this.checks.values()];
  }
}

/** The service's own database answers a ping (one round trip, no collection read). */
export function databaseReadiness(connection: Connection): ReadinessCheck {
  return {
    name: 'database',
    check: async () => {
      if (!connection.db) return 'down: not connected';
      return (await connection.db.admin().ping()).ok === 1;
    },
  };
}
