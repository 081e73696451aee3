import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { UniqueClaims, type ClaimDocument } from '@yp/shared-persistence';
import { WebhookSettings } from '@notifications/webhooks/webhook-settings';

/** What a webhook claim records beside the claim itself. */
interface AttemptDetails {
  deliveryId: string;
  attempt: number;
}

/** Gives up on an attempt whose holders keep dying (a poison delivery must not loop forever). */
const MAX_GENERATIONS = 20;

/**
 * Exactly one instance makes each attempt of a delivery (or of a disabled-endpoint notice): the
 * claim `<deliveryId>:<attempt>:<generation>` in `webhook_delivery_claims` is a unique insert
 * (UniqueClaims), so two instances polling the same due delivery cannot both make it.
 *
 * Crash recovery by lease: a claim holds for WEBHOOKS_CLAIM_LEASE_MS (longer than a request can
 * take). If its holder died mid-attempt the delivery still shows the old attempt count, and once
 * the lease has expired the next instance takes over with generation 2 (again a unique insert, so
 * again only one wins). The attempt may then be sent twice (the first holder may have sent it
 * before dying): deliveries are at least once, and the stable webhook-id lets the receiver drop the
 * copy. Holders are named after host, process and a random tag.
 */
@Injectable()
export class WebhookClaims {
  private readonly claims: UniqueClaims<AttemptDetails>;
  private readonly leaseMs: number;

  constructor(@InjectConnection() connection: Connection, settings: WebhookSettings) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.leaseMs = settings.claimLeaseMs;
    this.claims = new UniqueClaims(connection.db.collection<ClaimDocument<AttemptDetails>>('webhook_delivery_claims'), {
      holder: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
      leaseMs: this.leaseMs,
      maxGenerations: MAX_GENERATIONS,
    });
  }

  /** The claim's id when this instance may make the attempt now; undefined when another holds it. */
  claim(deliveryId: string, attempt: number, now: Date = new Date()): Promise<string | undefined> {
    return this.claims.claim(`${deliveryId}:${attempt}`, { details: { deliveryId, attempt }, now });
  }

  /** Whether every generation of the attempt was claimed and abandoned: nobody may make it any more. */
  exhausted(deliveryId: string, attempt: number, now: Date = new Date()): Promise<boolean> {
    return this.claims.exhausted(`${deliveryId}:${attempt}`, now);
  }

  /** Claims whose lease ended before `cutoff` are of no use: a recorded attempt is never claimed again, a dead one is taken over either way. */
  purgeBefore(cutoff: Date): Promise<number> {
    return this.claims.purgeClaimedBefore(new Date(cutoff.getTime() - this.leaseMs));
  }
}
