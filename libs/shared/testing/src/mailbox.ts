import { testEndpoints } from './test-infra';

export interface ReceivedMail {
  readonly id: string;
  readonly subject: string;
  readonly to: { address: string; name?: string }[];
  readonly text: string;
  readonly html: string;
  readonly headers: Record<string, string>;
}

/** Reads what reached the real SMTP server (MailDev locally, Mailpit in containers). */
export class Mailbox {
  private readonly api: string;
  private readonly flavour: 'maildev' | 'mailpit';

  constructor() {
    const api = testEndpoints().mailWeb.api;
    this.flavour = api.startsWith('mailpit:') ? 'mailpit' : 'maildev';
    this.api = api.replace(/^mailpit:/, '').replace(/\/$/, '');
  }

  async all(): Promise<ReceivedMail[]> {
    if (this.flavour === 'mailpit') {
      const list = (await (await fetch(`${this.api}/api/v1/messages?limit=1000`)).json()) as { messages: { ID: string }[] };
      return Promise.all(
        list.messages.map(async (m) => {
          const full = (await (await fetch(`${this.api}/api/v1/message/${m.ID}`)).json()) as {
            ID: string;
            Subject: string;
            To: { Address: string; Name: string }[];
            Text: string;
            HTML: string;
          };
          return {
            id: full.ID,
            subject: full.Subject,
            to: full.To.map((t) => ({ address: t.Address, name: t.Name })),
            text: full.Text,
            html: full.HTML,
            headers: {},
          };
        }),
      );
    }
    const res = await fetch(`${this.api}/email`);
    if (!res.ok) throw new Error(`mail API answered ${res.status}`);
    return (await res.json()) as ReceivedMail[];
  }

  async to(address: string): Promise<ReceivedMail[]> {
    return (await this.all()).filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
  }
}
