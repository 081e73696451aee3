import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { newSigningSecret } from '@notifications/webhooks/signing/webhook-signer';
import type { WebhookSubscriptionState } from './subscription.state';

interface SecretDocument {
  _id: string;
  subscriptionId: string;
  secret: string;
  createdAt: Date;
}

/**
 * Signing secrets, apart from the subscription: its state and change log keep only the secret's
 * id, so an old secret is gone once replaced or deleted, and no list or log can show one. Stored
 * as they are (HMAC needs the secret itself); the database is this service's alone.
 */
@Injectable()
export class WebhookSecretRepository {
  private readonly collection: mongo.Collection<SecretDocument>;

  constructor(@InjectConnection() connection: Connection) {
    if (!connection.db) throw new Error('MongoDB connection is not open');
    this.collection = connection.db.collection<SecretDocument>('webhook_secrets');
  }

  /** A new secret for a subscription; the caller shows it once. */
  async create(subscriptionId: string): Promise<{ id: string; secret: string }> {
    const id = `whs_${randomBytes(16).toString('hex')}`;
    const secret = newSigningSecret();
    await this.collection.insertOne({ _id: id, subscriptionId, secret, createdAt: new Date() });
    return { id, secret };
  }

  async delete(id: string): Promise<void> {
    await this.collection.deleteOne({ _id: id });
  }

  async deleteOf(subscriptionId: string): Promise<void> {
    await this.collection.deleteMany({ subscriptionId });
  }

  /** The secrets to sign with now: the current one, and the previous one during its grace period. */
  async signingSecrets(state: WebhookSubscriptionState, now: Date): Promise<string[]> {
    const ids = [state.secretId];
    if (state.previousSecretId && state.previousSecretExpiresAt && Date.parse(state.previousSecretExpiresAt) > now.getTime())
      ids.push(state.previousSecretId);
    const docs = await Promise.all(ids.map((id) => this.collection.findOne({ _id: id })));
    return docs.flatMap((d) => (d ? [d.secret] : []));
  }
}
