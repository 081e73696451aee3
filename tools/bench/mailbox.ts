// What reached the local SMTP server, and when it accepted each email. MailDev (deploy/local) keeps
// each email as a file it writes while the message arrives and closes when it accepts it; its REST
// API names the file (`source`), whose modification time is the acceptance time to the millisecond
// (the email's own `time` is its Date header, to the second). Mailpit (the containers' SMTP server)
// reports the acceptance time itself (`Created`).
import { statSync } from 'node:fs';
import type { Endpoints } from './bench-system';

export interface ReceivedEmail {
  readonly id: string;
  readonly subject: string;
  /** When the SMTP server accepted it (epoch ms). */
  readonly acceptedAt: number;
}

interface MailDevEmail {
  readonly id: string;
  readonly subject: string;
  readonly source: string;
}

interface MailpitSearch {
  readonly messages: { readonly ID: string; readonly Subject: string; readonly Created: string }[];
}

export class Mailbox {
  private readonly flavour: 'maildev' | 'mailpit';
  private readonly api: string;

  constructor(endpoints: Endpoints) {
    this.flavour = endpoints.mailWeb.api.startsWith('mailpit:') ? 'mailpit' : 'maildev';
    this.api = endpoints.mailWeb.api.replace(/^mailpit:/, '').replace(/\/$/, '');
  }

  /** Every email to `address` so far. */
  async to(address: string): Promise<ReceivedEmail[]> {
    if (this.flavour === 'mailpit') {
      const url = `${this.api}/api/v1/search?limit=100000&query=${encodeURIComponent(`to:"${address}"`)}`;
      const found = (await (await fetch(url)).json()) as MailpitSearch;
      return found.messages.map((m) => ({ id: m.ID, subject: m.Subject, acceptedAt: Date.parse(m.Created) }));
    }
    const res = await fetch(`${this.api}/email?${new URLSearchParams({ 'to.address': address }).toString()}`);
    if (!res.ok) throw new Error(`The mail API answered ${res.status}`);
    const emails = (await res.json()) as MailDevEmail[];
    return emails.map((m) => ({ id: m.id, subject: m.subject, acceptedAt: statSync(m.source).mtimeMs }));
  }

  /** Deletes these emails (the benchmark's own) from the server. */
  async delete(ids: readonly string[]): Promise<void> {
    if (this.flavour === 'mailpit') {
      await fetch(`${this.api}/api/v1/messages`, {
        method: 'DELETE',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ IDs: ids }),
      });
      return;
    }
    for (const id of ids) await fetch(`${this.api}/email/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }
}
