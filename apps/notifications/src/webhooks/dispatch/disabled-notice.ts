import type { OutgoingEmail } from '@notifications/deliveries/mailer';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface DisabledNoticeFacts {
  readonly noticeId: string;
  readonly subscriptionId: string;
  readonly to: string;
  readonly url: string;
  readonly reason: string;
  readonly failingSince: string;
}

/** The email telling an endpoint's owner it was disabled and how to recover (Finnish and English: integrators may be either). */
export function renderDisabledNotice(f: DisabledNoticeFacts): OutgoingEmail {
  const host = new URL(f.url).host;
  const base = `/api/v1/webhooks/subscriptions/${f.subscriptionId}`;
  const fi = [
    `Yhteispelin webhook-tilaus ${f.subscriptionId} on poistettu käytöstä: toimitukset osoitteeseen ${f.url} ovat epäonnistuneet yhtäjaksoisesti ${f.failingSince} lähtien.`,
    `Syy: ${f.reason}`,
    `Kun vastaanotin toimii, ota tilaus käyttöön: PATCH ${base} {"active": true}. Välissä jääneet tapahtumat saat: POST ${base}/replay {"from": "${f.failingSince}"}. Toimitusloki: GET ${base}/deliveries.`,
  ];
  const en = [
    `Yhteispeli webhook subscription ${f.subscriptionId} has been disabled: deliveries to ${f.url} have failed continuously since ${f.failingSince}.`,
    `Reason: ${f.reason}`,
    `Once the receiver works, enable it again: PATCH ${base} {"active": true}. Get the events missed meanwhile: POST ${base}/replay {"from": "${f.failingSince}"}. Delivery log: GET ${base}/deliveries.`,
  ];
  const paragraphs = [...fi, '—', ...en];
  return {
    to: f.to,
    toName: f.to,
    subject: `Webhook poistettu käytöstä / Webhook disabled: ${host}`,
    text: `${paragraphs.join('\n\n')}\n\n-- \nYhteispeli\n`,
    html: `<!doctype html><html lang="fi"><body>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}<p style="color:#666">Yhteispeli</p></body></html>`,
    messageId: `<webhook-notice-${f.noticeId}@yhteispeli.local>`,
  };
}
