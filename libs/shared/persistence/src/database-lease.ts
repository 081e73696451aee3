import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from './versioned-store';

interface LeaseDocument {
  _id: string;
  holder: string;
  from: Date;
  until: Date;
}

/**
 * A lease in the database, so that a schedule runs on one instance at a time however many run.
 * Time is cut into terms of `termMs`; the instance that first inserts the term's document
 * (`<name>:<term number>`, a unique `_id`) holds the lease for that term. FerretDB v1 has no atomic
 * read-modify-write, but a unique insert is atomic, so two instances can never both hold a term. An
 * instance that stops mid-term loses nothing but the rest of its term: the next term is free for
 * anyone. Work done under a lease must check `holds()` before each step and be safe to repeat.
 */
export class DatabaseLease {
  constructor(
    private readonly collection: mongo.Collection<LeaseDocument>,
    private readonly name: string,
    private readonly holder: string,
    private readonly termMs: number,
  ) {}

  private term(now: number): number {
    return Math.floor(now / this.termMs);
  }

  /** Takes the current term if it is free; true if this instance holds it (now or already). */
  async acquire(now = Date.now()): Promise<boolean> {
    const term = this.term(now);
    const id = `${this.name}:${term}`;
    try {
      await this.collection.insertOne({
        _id: id,
        holder: this.holder,
        from: new Date(term * this.termMs),
        until: new Date((term + 1) * this.termMs),
      });
      await this.collection.deleteMany({ _id: { $in: [`${this.name}:${term - 2}`, `${this.name}:${term - 3}`] } });
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.collection.findOne({ _id: id }))?.holder === this.holder;
    }
  }

  /** Whether this instance still holds the lease (the term has not moved on). */
  async holds(now = Date.now()): Promise<boolean> {
    return (await this.collection.findOne({ _id: `${this.name}:${this.term(now)}` }))?.holder === this.holder;
  }
}

export type { LeaseDocument };
