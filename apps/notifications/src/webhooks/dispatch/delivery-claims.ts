import { isDuplicateKeyError } from '@yp/shared-persistence';

/** Who is making an attempt, until when (`webhook_delivery_claims`). */
export interface ClaimDocument {
  /** `<deliveryId>:<attempt>:<generation>`: the unique insert is the lock. */
  _id: string;
  deliveryId: string;
  attempt: number;
  generation: number;
  holder: string;
  claimedAt: Date;
  leaseUntil: Date;
}

/** The two operations claims need; a MongoDB collection has them, and so does a test's fake. */
export interface ClaimStore {
  insertOne(doc: ClaimDocument): Promise<unknown>;
  findOne(filter: { _id: string }): Promise<ClaimDocument | null>;
}

/** Gives up on an attempt whose holders keep dying (a poison delivery must not loop forever). */
const MAX_GENERATIONS = 20;

/**
 * Exactly one instance makes each attempt of a delivery. FerretDB has no transactions and its
 * updates are read-then-write, so the lock is a unique `_id` insert, `<deliveryId>:<attempt>:1`:
 * two instances polling the same due delivery cannot both insert it.
 *
 * Crash recovery by lease: a claim holds for `leaseMs` (longer than a request can take). If its
 * holder died mid-attempt the delivery still shows the old attempt count, and once the lease has
 * expired the next instance takes over with generation 2 (`…:2`, again a unique insert, so again
 * only one wins). The attempt may then be sent twice (the first holder may have sent it before
 * dying): deliveries are at least once, and the stable webhook-id lets the receiver drop the copy.
 */
export class DeliveryClaims {
  constructor(
    private readonly store: ClaimStore,
    private readonly holder: string,
    private readonly leaseMs: number,
  ) {}

  /** The claim's id when this instance may make the attempt now; undefined when another holds it. */
  async claim(deliveryId: string, attempt: number, now: Date = new Date()): Promise<string | undefined> {
    for (let generation = 1; generation <= MAX_GENERATIONS; generation++) {
      const id = `${deliveryId}:${attempt}:${generation}`;
      try {
        await this.store.insertOne({
          _id: id,
          deliveryId,
          attempt,
          generation,
          holder: this.holder,
          claimedAt: now,
          leaseUntil: new Date(now.getTime() + this.leaseMs),
        });
        return id;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const held = await this.store.findOne({ _id: id });
      if (!held || held.leaseUntil.getTime() > now.getTime()) return undefined;
    }
    return undefined;
  }

  /** Whether every generation of the attempt was claimed and abandoned: nobody may make it any more. */
  async exhausted(deliveryId: string, attempt: number, now: Date = new Date()): Promise<boolean> {
    const last = await this.store.findOne({ _id: `${deliveryId}:${attempt}:${MAX_GENERATIONS}` });
    return last !== null && last.leaseUntil.getTime() <= now.getTime();
  }
}
